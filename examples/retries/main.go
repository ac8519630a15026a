// Retries injects faults into the embedded fake Avara server and shows the
// SDK riding them out: 503s with Retry-After, a 429 with retry-after-ms, a
// connection dropped after the server made the customer (the idempotency
// key keeps it from being made twice), and a per-attempt timeout.
//
//	go run ./examples/retries
package main

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
)

func main() {
	srv := avaratest.NewServer()
	defer srv.Close()
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client := srv.Client(
		option.WithMaxRetries(3),
		option.WithRequestTimeout(200*time.Millisecond),
		option.WithDebugLog(logger), // one record per attempt, never the API key
	)
	ctx := context.Background()
	fmt.Printf("Injecting faults into the embedded fake Avara server at %s\n", srv.URL)

	fmt.Println("\nTwo 503s with Retry-After: 0, then success:")
	srv.InjectFault(avaratest.Fault{Method: http.MethodPost, Path: "/v1/express", Status: 503, RetryAfter: "0", Times: 2})
	c, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "Harbor Clinic"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("  created %s\n", c.ExpressCustomerID)

	fmt.Println("\nA 429 with retry-after-ms: 50:")
	srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: 429, RetryAfterMS: "50"})
	if _, err := client.Express.Get(ctx, c.ExpressCustomerID); err != nil {
		log.Fatal(err)
	}

	fmt.Println("\nThe connection drops after the server created the customer; the retry carries the same Idempotency-Key:")
	before := len(srv.Customers())
	srv.InjectFault(avaratest.Fault{Method: http.MethodPost, Path: "/v1/express", Drop: avaratest.DropAfterRead})
	if _, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "Northside Imaging"}); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("  customers before: %d, after: %d (one created, not two)\n", before, len(srv.Customers()))

	fmt.Println("\nThe first attempt stalls 500 ms, past the 200 ms per-attempt timeout:")
	srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Delay: 500 * time.Millisecond})
	if _, err := client.Express.Get(ctx, c.ExpressCustomerID); err != nil {
		log.Fatal(err)
	}

	fmt.Println("\nA 409 marked x-should-retry: false is not retried:")
	srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: 409, Header: http.Header{"X-Should-Retry": {"false"}}})
	_, err = client.Express.Get(ctx, c.ExpressCustomerID)
	fmt.Printf("  %v\n", err)
}
