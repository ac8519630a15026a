package pagination_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/pagination"
)

func ExampleAutoPager() {
	srv := avaratest.NewServer(avaratest.WithSeedCount(5))
	defer srv.Close()
	client := srv.Client()

	iter := client.Express.ListAutoPaging(context.Background(), avara.ExpressListParams{Limit: avara.Int(2)})
	for iter.Next() {
		c := iter.Current()
		fmt.Println(iter.Index(), c.ExpressCustomerName)
	}
	// Next returns false both at the end and on an error: only Err tells
	// a complete walk from a cut one.
	if err := iter.Err(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(srv.Requests()), "requests")
	// Output:
	// 0 Customer 1
	// 1 Customer 2
	// 2 Customer 3
	// 3 Customer 4
	// 4 Customer 5
	// 3 requests
}

func ExampleAutoPager_All() {
	srv := avaratest.NewServer(avaratest.WithSeedCount(250))
	defer srv.Close()
	client := srv.Client()

	// Pages are fetched as the loop reaches them, so breaking out after the
	// first few items costs one request, not three.
	n := 0
	for c, err := range client.Express.ListAutoPaging(context.Background(), avara.ExpressListParams{Limit: avara.Int(100)}).All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.ExpressCustomerName)
		if n++; n == 3 {
			break
		}
	}
	fmt.Println(len(srv.Requests()), "request")
	// Output:
	// Customer 1
	// Customer 2
	// Customer 3
	// 1 request
}

// A server that hands back a cursor it already gave would make a naive
// pager fetch the same pages forever. The walk stops instead, and Err says
// why, so an export can tell it was cut short.
func ExampleErrCursorRepeated() {
	// avaratest never repeats a cursor, so a hand-made server plays the
	// broken one: every page says more follow, after the same cursor.
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"expressCustomers":[{"expressCustomerName":"Clinic A"}],"hasMore":true,"cursor":"c1"}`)
	}))
	defer broken.Close()
	client := avara.NewClient(option.WithBaseURL(broken.URL), option.WithAPIKey("My API Key"))

	iter := client.Express.ListAutoPaging(context.Background(), avara.ExpressListParams{})
	for iter.Next() {
		fmt.Println(iter.Current().ExpressCustomerName)
	}
	fmt.Println(errors.Is(iter.Err(), pagination.ErrCursorRepeated))
	fmt.Println(iter.Err())
	// Output:
	// Clinic A
	// Clinic A
	// true
	// avara: the list ended early: the server repeated a cursor ("c1")
}

// Cursor lets a long job resume where it stopped: it names the page the
// pager is on, and a new walk started with it sees that page again.
func ExampleAutoPager_Cursor() {
	srv := avaratest.NewServer(avaratest.WithSeedCount(5))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	params := avara.ExpressListParams{Limit: avara.Int(2)}

	iter := client.Express.ListAutoPaging(ctx, params)
	for iter.Next() {
		if iter.Index() == 2 {
			break // the job stops at its third customer, on page two
		}
	}
	iter.Close()
	resume := iter.Cursor()

	params.Cursor = avara.String(resume)
	for c, err := range client.Express.ListAutoPaging(ctx, params).All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.ExpressCustomerName)
	}
	// Output:
	// Customer 3
	// Customer 4
	// Customer 5
}
