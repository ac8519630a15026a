package avara_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/param"
)

func ExampleExpressService_New() {
	// A stand-in for the Avara API, so that the example runs anywhere.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"expressCustomerId":"cus_1234567890abcdef1234567890abcdef",
			"expressCustomerName":"City Medical Center","isActive":true,"userCount":0,
			"createdAt":"2024-01-15T09:00:00Z","metadata":{"region":"northeast"}}`)
	}))
	defer srv.Close()
	client := avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("My API Key"))

	c, err := client.Express.New(context.Background(), avara.ExpressNewParams{
		ExpressCustomerName: "City Medical Center",
		Metadata:            map[string]string{"region": "northeast"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.ExpressCustomerID)
	fmt.Println(c.ExpressCustomerName, c.IsActive, c.Metadata["region"])
	fmt.Println(c.CreatedAt.Format("2006-01-02 15:04 MST"))
	// Output:
	// cus_1234567890abcdef1234567890abcdef
	// City Medical Center true northeast
	// 2024-01-15 09:00 UTC
}

func ExampleExpressService_ListAutoPaging() {
	// A stand-in for the Avara API with two pages of customers.
	pages := map[string]string{
		"":   `{"expressCustomers":[{"expressCustomerName":"Clinic A"},{"expressCustomerName":"Clinic B"}],"hasMore":true,"cursor":"c1"}`,
		"c1": `{"expressCustomers":[{"expressCustomerName":"Clinic C"}],"hasMore":false,"cursor":null}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, pages[r.URL.Query().Get("cursor")])
	}))
	defer srv.Close()
	client := avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("My API Key"))

	// Pages are fetched as the loop needs them; breaking out stops fetching.
	for c, err := range client.Express.ListAutoPaging(context.Background(), avara.ExpressListParams{
		Limit: avara.Int(2),
	}).All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.ExpressCustomerName)
	}
	// Output:
	// Clinic A
	// Clinic B
	// Clinic C
}

func ExampleExpressService_Update() {
	// A stand-in for the Avara API that shows the body it receives.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.URL.Path, string(body))
		fmt.Fprint(w, `{"expressCustomerId":"cus_1234567890abcdef1234567890abcdef",
			"expressCustomerName":"City Medical Center","isActive":true,"userCount":3,"metadata":null}`)
	}))
	defer srv.Close()
	client := avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("My API Key"))

	// param.Null sends an explicit null, which clears the metadata; a field
	// left at its zero value is not sent and stays as it is.
	c, err := client.Express.Update(context.Background(), "cus_1234567890abcdef1234567890abcdef", avara.ExpressUpdateParams{
		Metadata: param.Null[map[string]string](),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Metadata == nil, c.JSON.Metadata.IsNull())
	// Output:
	// PATCH /v1/express/cus_1234567890abcdef1234567890abcdef {"metadata":null}
	// true true
}

func ExampleError() {
	// A stand-in for the Avara API that knows no customer.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req_8f3a")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"type":"not_found_error","message":"no Express customer with this id","param":"expressCustomerId"}}`)
	}))
	defer srv.Close()
	client := avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("My API Key"))

	_, err := client.Express.Get(context.Background(), "cus_00000000000000000000000000000000")

	var apiErr *avara.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
		fmt.Println("param:", apiErr.Param, "request:", apiErr.RequestID)
	}
	if errors.Is(err, avara.ErrNotFound) {
		fmt.Println("no such customer")
	}
	// Output:
	// 404 no Express customer with this id
	// param: expressCustomerId request: req_8f3a
	// no such customer
}

func ExampleInvalidParamsError() {
	client := avara.NewClient(option.WithAPIKey("My API Key"))

	// Refused before anything is sent: the name is required.
	_, err := client.Express.New(context.Background(), avara.ExpressNewParams{})
	var bad *avara.InvalidParamsError
	if errors.As(err, &bad) {
		fmt.Println("param:", bad.Param)
	}

	// An option given a bad value is named the same way.
	_, err = client.Express.Deactivate(context.Background(), "cus_1234567890abcdef1234567890abcdef",
		option.WithIdempotencyKey(strings.Repeat("k", 256)))
	if errors.As(err, &bad) {
		fmt.Println("option:", bad.Option)
	}
	fmt.Println(errors.Is(err, avara.ErrInvalidParams))
	fmt.Println(err)
	// Output:
	// param: expressCustomerName
	// option: WithIdempotencyKey
	// true
	// avara: invalid params: Express.Deactivate: option.WithIdempotencyKey: the key must be 1 to 255 characters, got 256
}
