package option_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
)

func ExampleWithMaxRetries() {
	srv := avaratest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	params := avara.ExpressNewParams{ExpressCustomerName: "City Medical Center"}

	// Three 503s in a row outlast the default two retries, not three.
	srv.InjectFault(avaratest.Fault{Method: "POST", Path: "/v1/express", Status: 503, Times: 3})
	client := srv.Client(option.WithMaxRetries(3))
	c, err := client.Express.New(ctx, params)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created", c.ExpressCustomerName, "after", len(srv.Requests()), "attempts")

	// 0 turns retries off, here for one call only: the first 503 is the
	// answer.
	srv.InjectFault(avaratest.Fault{Method: "POST", Path: "/v1/express", Status: 503})
	_, err = client.Express.New(ctx, params, option.WithMaxRetries(0))
	var apiErr *avara.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, "after", apiErr.Attempts, "attempt")
	}
	// Output:
	// created City Medical Center after 4 attempts
	// 503 after 1 attempt
}

func ExampleWithRequestTimeout() {
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	defer srv.Close()
	ctx := context.Background()
	id := srv.Customers()[0].ID

	// The first answer is late. The timeout bounds each attempt, not the
	// call, so the SDK gives up on that attempt and retries it.
	srv.InjectFault(avaratest.Fault{Method: "GET", Delay: 10 * time.Second})
	client := srv.Client(option.WithRequestTimeout(100 * time.Millisecond))
	c, err := client.Express.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("got", c.ExpressCustomerName, "on the second attempt")

	// With no retries left, the timeout is the call's error.
	srv.InjectFault(avaratest.Fault{Method: "GET", Delay: 10 * time.Second})
	_, err = client.Express.Get(ctx, id, option.WithMaxRetries(0))
	fmt.Println("timed out:", errors.Is(err, avara.ErrAttemptTimeout))
	// Output:
	// got Customer 1 on the second attempt
	// timed out: true
}

func ExampleWithMiddleware() {
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	defer srv.Close()

	// Middleware wraps each attempt, retries included, so it sees every
	// request actually sent and can change it before it goes.
	logAttempts := func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		req.Header.Set("X-Tenant", "northeast")
		resp, err := next(req)
		if err != nil {
			return nil, err
		}
		fmt.Println(req.Method, req.URL.Path, "retry", req.Header.Get("X-Stainless-Retry-Count"), "->", resp.StatusCode)
		return resp, nil
	}
	client := srv.Client(option.WithMiddleware(logAttempts))

	srv.InjectFault(avaratest.Fault{Method: "GET", Path: "/v1/express", Status: 503})
	page, err := client.Express.List(context.Background(), avara.ExpressListParams{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.ExpressCustomers), "customer; header sent:", srv.Requests()[1].Header.Get("X-Tenant"))
	// Output:
	// GET /v1/express retry 0 -> 503
	// GET /v1/express retry 1 -> 200
	// 1 customer; header sent: northeast
}
