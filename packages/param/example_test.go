package param_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/packages/param"
)

// An Opt has three states, and each sends something different: the zero
// value leaves the field out (the server keeps what it has), Null sends
// null (the server clears it), NewOpt sends the value.
func ExampleOpt() {
	for _, p := range []avara.ExpressUpdateParams{
		{},
		{Metadata: param.Null[map[string]string]()},
		{Metadata: param.NewOpt(map[string]string{"tier": "gold"})},
		{ExpressCustomerName: avara.String("Harbor Clinic")}, // avara.String is param.NewOpt for strings
	} {
		b, err := json.Marshal(p)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-45s %s\n", p.Metadata.String()+", "+p.ExpressCustomerName.String(), b)
	}
	// Output:
	// omitted, omitted                              {}
	// null, omitted                                 {"metadata":null}
	// map[tier:gold], omitted                       {"metadata":{"tier":"gold"}}
	// omitted, Harbor Clinic                        {"expressCustomerName":"Harbor Clinic"}
}

// What json.Marshal gives is the body the SDK sends.
func ExampleNewOpt() {
	srv := avaratest.NewServer(avaratest.WithCustomers(avaratest.Seed{
		Name:     "City Medical Center",
		Metadata: map[string]string{"region": "northeast"},
	}))
	defer srv.Close()
	client := srv.Client()
	id := srv.Customers()[0].ID

	c, err := client.Express.Update(context.Background(), id, avara.ExpressUpdateParams{
		Metadata: param.NewOpt(map[string]string{"region": "southwest"}),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("sent:    ", string(srv.Requests()[0].Body))
	fmt.Println("answered:", c.ExpressCustomerName, c.Metadata)
	// Output:
	// sent:     {"metadata":{"region":"southwest"}}
	// answered: City Medical Center map[region:southwest]
}

// Null is only for fields the API lets be null. A field it does not is
// refused before anything is sent, naming the field.
func ExampleNull() {
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	defer srv.Close()
	client := srv.Client()
	id := srv.Customers()[0].ID

	_, err := client.Express.Update(context.Background(), id, avara.ExpressUpdateParams{
		ExpressCustomerName: param.Null[string](),
	})
	fmt.Println(errors.Is(err, avara.ErrInvalidParams), len(srv.Requests()), "requests sent")
	fmt.Println(err)
	// Output:
	// true 0 requests sent
	// avara: invalid params: Express.Update: expressCustomerName: cannot be null: leave it out instead
}

// Or and Value read an Opt back, for code that builds params in layers.
func ExampleOpt_Or() {
	limit := param.Opt[int64]{}
	fmt.Println(limit.Or(20), limit.Valid())
	limit = avara.Int(50)
	v, ok := limit.Value()
	fmt.Println(limit.Or(20), v, ok)
	// Output:
	// 20 false
	// 50 50 true
}
