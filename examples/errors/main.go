// Errors shows how to tell failures apart: errors.Is with the SDK's
// sentinels, errors.As for the details of an *avara.Error, and the
// client-side checks that fail before anything is sent. It runs against the
// embedded fake Avara server.
//
//	go run ./examples/errors
package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
)

func main() {
	srv := avaratest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	fmt.Printf("Provoking errors on the embedded fake Avara server at %s\n", srv.URL)

	_, err := client.Express.Get(ctx, "cus_00000000000000000000000000000000")
	show("an unknown customer", err)

	_, err = client.Express.New(ctx, avara.ExpressNewParams{
		ExpressCustomerName: "Too much metadata",
		Metadata:            map[string]string{strings.Repeat("k", 101): "v"},
	})
	show("a metadata key over 100 characters", err)

	_, err = avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("wrong-key")).Express.Get(ctx, "cus_00000000000000000000000000000000")
	show("a wrong API key", err)

	_, err = client.Express.Get(ctx, "")
	show("an empty id (refused before sending)", err)

	_, err = client.Express.Get(ctx, "cus_1", option.WithMaxRetries(-1))
	show("a bad option (refused before sending)", err)
}

func show(what string, err error) {
	fmt.Printf("\n%s:\n  %v\n", what, err)
	var apiErr *avara.Error
	switch {
	case errors.As(err, &apiErr):
		fmt.Printf("  status=%d type=%s param=%q request=%s\n", apiErr.StatusCode, apiErr.Type, apiErr.Param, apiErr.RequestID)
		for _, s := range []struct {
			name string
			err  error
		}{{"ErrNotFound", avara.ErrNotFound}, {"ErrBadRequest", avara.ErrBadRequest}, {"ErrUnauthorized", avara.ErrUnauthorized}} {
			if errors.Is(err, s.err) {
				fmt.Printf("  errors.Is(err, avara.%s) is true\n", s.name)
			}
		}
	case errors.Is(err, avara.ErrInvalidParams):
		fmt.Println("  errors.Is(err, avara.ErrInvalidParams) is true: nothing was sent")
	}
}
