// Middleware shows request timing and logging with option.WithMiddleware:
// the middleware wraps every attempt, retries included. It runs against the
// embedded fake Avara server.
//
//	go run ./examples/middleware
package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
)

// timing prints each attempt's method, path, status, retry count and
// duration. It never prints headers, so the API key stays out of the output.
func timing(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	start := time.Now()
	res, err := next(req)
	status := "error"
	if res != nil {
		status = res.Status
	}
	fmt.Printf("  %-6s %-60s attempt %s  %-16s %v\n", req.Method, req.URL.Path, req.Header.Get("X-Stainless-Retry-Count"), status, time.Since(start).Round(time.Microsecond))
	return res, err
}

// tagging adds a header to every request, as a tracing middleware would.
func tagging(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	req.Header.Set("X-Trace-Id", "trace-1234")
	return next(req)
}

func main() {
	srv := avaratest.NewServer()
	defer srv.Close()
	client := srv.Client(
		option.WithMiddleware(timing, tagging),
	)
	ctx := context.Background()
	fmt.Printf("Timing requests to the embedded fake Avara server at %s\n", srv.URL)

	srv.InjectFault(avaratest.Fault{Method: http.MethodPost, Status: 500, RetryAfterMS: "5"})
	c, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "Harbor Clinic"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Express.Get(ctx, c.ExpressCustomerID); err != nil {
		log.Fatal(err)
	}
	last := srv.Requests()[len(srv.Requests())-1]
	fmt.Printf("the server saw X-Trace-Id=%s\n", last.Header.Get("X-Trace-Id"))
}
