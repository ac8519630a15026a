package observe_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"sync/atomic"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/observe"
)

// attemptCounter counts calls, attempts and retries across every call of a
// client, as a metrics exporter would. A client's calls may run on many
// goroutines at once, hence the atomics.
type attemptCounter struct {
	calls, attempts, retries, failed atomic.Int64
}

func (c *attemptCounter) StartCall(ctx context.Context, _ observe.Call) (context.Context, observe.CallObserver) {
	c.calls.Add(1)
	return ctx, callCounter{c}
}

type callCounter struct{ c *attemptCounter }

func (cc callCounter) StartAttempt(r *http.Request, _ observe.Attempt) (*http.Request, func(observe.AttemptResult)) {
	cc.c.attempts.Add(1)
	return r, func(observe.AttemptResult) {}
}

func (cc callCounter) Retry(observe.Retry) { cc.c.retries.Add(1) }

func (cc callCounter) End(err error) {
	if err != nil {
		cc.c.failed.Add(1)
	}
}

func ExampleObserver() {
	srv := avaratest.NewServer()
	defer srv.Close()
	var counter attemptCounter
	client := srv.Client(option.WithObserver(&counter))
	ctx := context.Background()

	// The create meets two 503s and succeeds on its third attempt; the
	// list then fails for good, its three attempts all refused.
	srv.InjectFault(avaratest.Fault{Method: "POST", Path: "/v1/express", Status: 503, Times: 2})
	if _, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "Harbor Clinic"}); err != nil {
		log.Fatal(err)
	}
	srv.InjectFault(avaratest.Fault{Method: "GET", Path: "/v1/express", Status: 500, Times: 3})
	_, err := client.Express.List(ctx, avara.ExpressListParams{})
	fmt.Println("list failed:", err != nil)

	fmt.Println("calls:", counter.calls.Load(), "attempts:", counter.attempts.Load(),
		"retries:", counter.retries.Load(), "failed:", counter.failed.Load())
	// Output:
	// list failed: true
	// calls: 2 attempts: 6 retries: 4 failed: 1
}
