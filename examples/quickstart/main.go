// Quickstart walks through the Avara API: it creates customers, adds and
// removes users, pages through the customers, updates and clears metadata,
// and shows the 409 a deactivated customer answers.
//
// Without AVARA_API_KEY it starts the embedded fake Avara server and says
// so on its first line. With AVARA_API_KEY set it talks to AVARA_BASE_URL
// (or production), says so on its first line, and creates three real
// customers, which it deactivates again before it exits, whatever happens
// in between.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	err := run(ctx, os.Stdout)
	cancel()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println()
	fmt.Println("Done.")
}

// listShown is how many customers step 3 prints: a real account may have
// thousands.
const listShown = 20

func run(ctx context.Context, w io.Writer) (err error) {
	var client *avara.Client
	if os.Getenv("AVARA_API_KEY") == "" {
		srv := avaratest.NewServer()
		defer srv.Close()
		fmt.Fprintf(w, "AVARA_API_KEY is not set: using the embedded fake Avara server at %s\n", srv.URL)
		client = srv.Client()
	} else {
		base := os.Getenv("AVARA_BASE_URL")
		if base == "" {
			base = "its production host (the SDK's default)"
		}
		fmt.Fprintf(w, "AVARA_API_KEY is set: this walk-through runs against the REAL Avara API at %s. "+
			"It creates three customers and deactivates them before it exits.\n", base)
		client = avara.NewClient()
	}

	step(w, "1. Create three customers")
	names := []string{"City Medical Center - Radiology", "Harbor Clinic", "Northside Imaging"}
	var customers []*avara.ExpressCustomer
	// Whatever happens below, what was created is deactivated before the
	// program exits, with a context of its own: ctx may be what ended.
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if len(customers) > 0 {
			step(w, "6. Clean up: deactivate the customers this run created")
		}
		for _, c := range customers {
			if _, derr := client.Express.Deactivate(cctx, c.ExpressCustomerID); derr != nil {
				err = errors.Join(err, fmt.Errorf("cleaning up %s: %w", c.ExpressCustomerID, derr))
				continue
			}
			fmt.Fprintf(w, "   deactivated %s\n", c.ExpressCustomerID)
		}
	}()
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
		fmt.Fprintf(w, "   created %s  %-32s  active=%v  metadata=%v\n", c.ExpressCustomerID, c.ExpressCustomerName, c.IsActive, c.Metadata)
	}
	first := customers[0]

	step(w, "2. Add two users, then remove one")
	users := []string{"usr_0123456789abcdef0123456789abcdef", "usr_fedcba9876543210fedcba9876543210"}
	for _, u := range users {
		ok, err := client.Express.Users.Add(ctx, first.ExpressCustomerID, avara.ExpressUserAddParams{UserID: u})
		if err != nil {
			return fmt.Errorf("adding %s: %w", u, err)
		}
		fmt.Fprintf(w, "   added   %s  success=%v %s\n", u, ok.Success, ok.Message)
	}
	ok, err := client.Express.Users.Remove(ctx, first.ExpressCustomerID, avara.ExpressUserRemoveParams{UserID: users[1]})
	if err != nil {
		return fmt.Errorf("removing %s: %w", users[1], err)
	}
	fmt.Fprintf(w, "   removed %s  success=%v %s\n", users[1], ok.Success, ok.Message)
	got, err := client.Express.Get(ctx, first.ExpressCustomerID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s now has %d user(s)\n", got.ExpressCustomerName, got.UserCount)

	step(w, "3. Page through the customers, two per page, with range")
	n := 0
	for c, err := range client.Express.ListAutoPaging(ctx, avara.ExpressListParams{Limit: avara.Int(2)}).All() {
		if err != nil {
			return fmt.Errorf("listing: %w", err)
		}
		if n++; n > listShown {
			fmt.Fprintf(w, "   … and more: breaking out of the loop sends no further request\n")
			break
		}
		fmt.Fprintf(w, "   %2d. %s  %s\n", n, c.ExpressCustomerID, c.ExpressCustomerName)
	}

	step(w, "4. Update the metadata, then clear it")
	up, err := client.Express.Update(ctx, first.ExpressCustomerID, avara.ExpressUpdateParams{
		Metadata: param.NewOpt(map[string]string{"tier": "gold"}),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   replaced: metadata=%v\n", up.Metadata)
	up, err = client.Express.Update(ctx, first.ExpressCustomerID, avara.ExpressUpdateParams{
		Metadata: param.Null[map[string]string](),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   cleared:  metadata=%v (null in the response: %v)\n", up.Metadata, up.JSON.Metadata.IsNull() || !up.JSON.Metadata.IsPresent())

	step(w, "5. Deactivate a customer: it refuses new users")
	d, err := client.Express.Deactivate(ctx, first.ExpressCustomerID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s active=%v\n", d.ExpressCustomerID, d.IsActive)
	_, err = client.Express.Users.Add(ctx, first.ExpressCustomerID, avara.ExpressUserAddParams{UserID: "usr_00000000000000000000000000000001"})
	var apiErr *avara.Error
	switch {
	case errors.Is(err, avara.ErrConflict) && errors.As(err, &apiErr):
		fmt.Fprintf(w, "   adding a user answered %d: %s\n", apiErr.StatusCode, apiErr.Message)
		fmt.Fprintf(w, "   the whole error: %v\n", err)
	case err == nil:
		return errors.New("a deactivated customer accepted a new user")
	default:
		return fmt.Errorf("adding a user to a deactivated customer: %w", err)
	}
	r, err := client.Express.Reactivate(ctx, first.ExpressCustomerID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   reactivated: active=%v\n", r.IsActive)
	return nil
}

func step(w io.Writer, title string) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, title)
	fmt.Fprintln(w, "   "+strings.Repeat("-", len(title)))
}
