package avaratest_test

import (
	"context"
	"errors"
	"fmt"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
)

func ExampleNewServer() {
	srv := avaratest.NewServer(avaratest.WithSeedCount(2))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	c, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "City Medical Center"})
	if err != nil {
		panic(err)
	}
	_, err = client.Express.Users.Add(ctx, c.ExpressCustomerID, avara.ExpressUserAddParams{
		UserID: "usr_1234567890abcdef1234567890abcdef",
	})
	if err != nil {
		panic(err)
	}

	stored, _ := srv.Customer(c.ExpressCustomerID)
	fmt.Println(stored.Name, len(stored.Users))

	n := 0
	for _, err := range client.Express.ListAutoPaging(ctx, avara.ExpressListParams{}).All() {
		if err != nil {
			panic(err)
		}
		n++
	}
	fmt.Println(n, "customers")
	// Output:
	// City Medical Center 1
	// 3 customers
}

func ExampleServer_InjectFault() {
	srv := avaratest.NewServer()
	defer srv.Close()

	// The next two creates fail with 503; the SDK retries them.
	srv.InjectFault(avaratest.Fault{Method: "POST", Path: "/v1/express", Status: 503, RetryAfter: "0", Times: 2})
	_, err := srv.Client().Express.New(context.Background(), avara.ExpressNewParams{ExpressCustomerName: "x"})
	fmt.Println(err, len(srv.Requests()), len(srv.Customers()))

	// Failures that outlast the retries surface as *avara.Error.
	srv.InjectFault(avaratest.Fault{Method: "GET", Status: 500, RetryAfter: "0", Times: 10})
	_, err = srv.Client().Express.Get(context.Background(), "cus_1234567890abcdef1234567890abcdef")
	var apiErr *avara.Error
	fmt.Println(errors.As(err, &apiErr) && apiErr.StatusCode == 500, srv.PendingFaults())
	// Output:
	// <nil> 3 1
	// true 7
}
