package option_test

import (
	"context"
	"fmt"
	"net/http"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/observe"
)

// logCalls prints each call's method and route, and each attempt's status.
type logCalls struct{}

func (logCalls) StartCall(ctx context.Context, c observe.Call) (context.Context, observe.CallObserver) {
	fmt.Println("call", c.Method, c.Route)
	return ctx, logCall{}
}

type logCall struct{}

func (logCall) StartAttempt(r *http.Request, a observe.Attempt) (*http.Request, func(observe.AttemptResult)) {
	return r, func(res observe.AttemptResult) {
		if res.Response != nil {
			fmt.Println("  attempt", a.Number, "answered", res.Response.StatusCode)
		}
	}
}

func (logCall) Retry(r observe.Retry) { fmt.Println("  retry after attempt", r.Attempt) }

func (logCall) End(err error) { fmt.Println("  end, error:", err != nil) }

// An observer hears of every call, attempt and retry of the client.
func ExampleWithObserver() {
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	defer srv.Close()
	client := srv.Client(option.WithObserver(logCalls{}))
	srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: http.StatusServiceUnavailable})
	_, err := client.Express.Get(context.Background(), srv.Customers()[0].ID)
	fmt.Println(err)
	_, _ = client.Express.List(context.Background(), avara.ExpressListParams{})
	// Output:
	// call Express.Get /v1/express/{expressCustomerId}
	//   attempt 0 answered 503
	//   retry after attempt 0
	//   attempt 1 answered 200
	//   end, error: false
	// <nil>
	// call Express.List /v1/express
	//   attempt 0 answered 200
	//   end, error: false
}
