// Pagination shows the three ways to page through customers: page by page
// with GetNextPage, a Next loop, and range over All, plus resuming a walk
// from a saved cursor. It runs against the embedded fake Avara server.
//
//	go run ./examples/pagination
package main

import (
	"context"
	"fmt"
	"log"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
)

func main() {
	srv := avaratest.NewServer(avaratest.WithSeedCount(25))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	fmt.Printf("Paging through 25 customers on the embedded fake Avara server at %s\n", srv.URL)

	fmt.Println("\nPage by page, 10 per page:")
	page, err := client.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(10)})
	for n := 1; page != nil; n++ {
		fmt.Printf("  page %d: %d customers, hasMore=%v\n", n, len(page.ExpressCustomers), page.HasMore)
		page, err = page.GetNextPage()
	}
	if err != nil {
		log.Fatal(err)
	}

	fmt.Println("\nA Next loop that stops after 12 customers and saves where it was:")
	iter := client.Express.ListAutoPaging(ctx, avara.ExpressListParams{Limit: avara.Int(10)})
	var resume string
	for iter.Next() {
		if iter.Index() == 11 {
			resume = iter.Cursor()
			fmt.Printf("  stopped at #%d (%s); resume cursor %q\n", iter.Index(), iter.Current().ExpressCustomerName, resume)
			break
		}
	}
	iter.Close()
	if err := iter.Err(); err != nil {
		log.Fatal(err)
	}

	fmt.Println("\nResuming with range over All(), from the start of that page:")
	n := 0
	for c, err := range client.Express.ListAutoPaging(ctx, avara.ExpressListParams{Limit: avara.Int(10), Cursor: avara.String(resume)}).All() {
		if err != nil {
			log.Fatal(err)
		}
		n++
		if n <= 3 {
			fmt.Printf("  %s\n", c.ExpressCustomerName)
		}
	}
	fmt.Printf("  … %d customers from the resumed page to the end\n", n)
}
