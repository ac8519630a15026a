// Quickstart walks through the Avara API: it creates customers, adds and
// removes users, pages through every customer, updates and clears metadata,
// and shows the 409 a deactivated customer answers.
//
// With AVARA_API_KEY set it talks to AVARA_BASE_URL (or production) and
// creates real customers; without it, it starts the embedded fake Avara
// server and says so on its first line.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/packages/param"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	var client *avara.Client
	if os.Getenv("AVARA_API_KEY") == "" {
		srv := avaratest.NewServer()
		defer srv.Close()
		fmt.Printf("AVARA_API_KEY is not set: using the embedded fake Avara server at %s\n", srv.URL)
		client = srv.Client()
	} else {
		base := os.Getenv("AVARA_BASE_URL")
		if base == "" {
			base = "https://api.avara.com"
		}
		fmt.Printf("Using the Avara API at %s with the key in AVARA_API_KEY\n", base)
		client = avara.NewClient()
	}

	step("1. Create three customers")
	names := []string{"City Medical Center - Radiology", "Harbor Clinic", "Northside Imaging"}
	var customers []*avara.ExpressCustomer
	for i, name := range names {
		params := avara.ExpressNewParams{ExpressCustomerName: name}
		if i == 0 {
			params.Metadata = map[string]string{"department": "radiology", "region": "northeast"}
		}
		c, err := client.Express.New(ctx, params)
		if err != nil {
			return fmt.Errorf("creating %q: %w", name, err)
		}
		customers = append(customers, c)
		fmt.Printf("   created %s  %-32s  active=%v  metadata=%v\n", c.ExpressCustomerID, c.ExpressCustomerName, c.IsActive, c.Metadata)
	}
	first := customers[0]

	step("2. Add two users, then remove one")
	users := []string{"usr_0123456789abcdef0123456789abcdef", "usr_fedcba9876543210fedcba9876543210"}
	for _, u := range users {
		ok, err := client.Express.Users.Add(ctx, first.ExpressCustomerID, avara.ExpressUserAddParams{UserID: u})
		if err != nil {
			return fmt.Errorf("adding %s: %w", u, err)
		}
		fmt.Printf("   added   %s  success=%v %s\n", u, ok.Success, ok.Message)
	}
	ok, err := client.Express.Users.Remove(ctx, first.ExpressCustomerID, avara.ExpressUserRemoveParams{UserID: users[1]})
	if err != nil {
		return fmt.Errorf("removing %s: %w", users[1], err)
	}
	fmt.Printf("   removed %s  success=%v %s\n", users[1], ok.Success, ok.Message)
	got, err := client.Express.Get(ctx, first.ExpressCustomerID)
	if err != nil {
		return err
	}
	fmt.Printf("   %s now has %d user(s)\n", got.ExpressCustomerName, got.UserCount)

	step("3. Page through every customer, two per page, with range")
	n := 0
	for c, err := range client.Express.ListAutoPaging(ctx, avara.ExpressListParams{Limit: avara.Int(2)}).All() {
		if err != nil {
			return fmt.Errorf("listing: %w", err)
		}
		n++
		fmt.Printf("   %2d. %s  %s\n", n, c.ExpressCustomerID, c.ExpressCustomerName)
	}

	step("4. Update the metadata, then clear it")
	up, err := client.Express.Update(ctx, first.ExpressCustomerID, avara.ExpressUpdateParams{
		Metadata: param.NewOpt(map[string]string{"tier": "gold"}),
	})
	if err != nil {
		return err
	}
	fmt.Printf("   replaced: metadata=%v\n", up.Metadata)
	up, err = client.Express.Update(ctx, first.ExpressCustomerID, avara.ExpressUpdateParams{
		Metadata: param.Null[map[string]string](),
	})
	if err != nil {
		return err
	}
	fmt.Printf("   cleared:  metadata=%v (null in the response: %v)\n", up.Metadata, up.JSON.Metadata.IsNull() || !up.JSON.Metadata.IsPresent())

	step("5. Deactivate a customer: it refuses new users")
	d, err := client.Express.Deactivate(ctx, first.ExpressCustomerID)
	if err != nil {
		return err
	}
	fmt.Printf("   %s active=%v\n", d.ExpressCustomerID, d.IsActive)
	_, err = client.Express.Users.Add(ctx, first.ExpressCustomerID, avara.ExpressUserAddParams{UserID: "usr_00000000000000000000000000000001"})
	var apiErr *avara.Error
	switch {
	case errors.Is(err, avara.ErrConflict) && errors.As(err, &apiErr):
		fmt.Printf("   adding a user answered %d: %s\n", apiErr.StatusCode, apiErr.Message)
		fmt.Printf("   the whole error: %v\n", err)
	case err == nil:
		return errors.New("a deactivated customer accepted a new user")
	default:
		return fmt.Errorf("adding a user to a deactivated customer: %w", err)
	}
	r, err := client.Express.Reactivate(ctx, first.ExpressCustomerID)
	if err != nil {
		return err
	}
	fmt.Printf("   reactivated: active=%v\n", r.IsActive)

	fmt.Println()
	fmt.Println("Done.")
	return nil
}

func step(title string) {
	fmt.Println()
	fmt.Println(title)
	fmt.Println("   " + strings.Repeat("-", len(title)))
}
