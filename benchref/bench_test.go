package benchref_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	anthropicoption "github.com/anthropics/anthropic-sdk-go/v2/option"
	anthropicpagination "github.com/anthropics/anthropic-sdk-go/v2/packages/pagination"
	"github.com/bytedance/sonic"
	"github.com/go-faster/jx"
	gojson "github.com/goccy/go-json"
	"github.com/stretchr/testify/require"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/benchref/ogenapi"
	"github.com/avara/avara-go/internal/benchdata"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/pagination"
)

var pageBody = []byte(benchdata.PageJSON(100))

// batchPageBody is a page of 100 of anthropic-sdk-go's MessageBatch, each
// as long as a customer give or take a few bytes, for the Stainless client.
var batchPageBody = func() []byte {
	items := make([]string, 100)
	for i := range items {
		id := fmt.Sprintf("msgbatch_%08x", i)
		items[i] = fmt.Sprintf(`{"id":%q,"archived_at":"2024-03-15T14:20:00Z","cancel_initiated_at":"2024-01-15T09:30:00Z","created_at":"2024-01-15T09:00:%02dZ","ended_at":"2024-01-16T09:00:00Z","expires_at":"2024-01-16T09:00:00Z","processing_status":"ended","request_counts":{"canceled":0,"errored":%d,"expired":0,"processing":0,"succeeded":100},"results_url":"https://api.test/%s","type":"message_batch"}`, id, i%60, i%50, id)
	}
	return []byte(`{"data":[` + strings.Join(items, ",") + `],"has_more":true,"first_id":"msgbatch_0","last_id":"msgbatch_99"}`)
}()

type bearer struct{}

func (bearer) BearerAuth(context.Context, ogenapi.OperationName) (ogenapi.BearerAuth, error) {
	return ogenapi.BearerAuth{Token: "bench-key"}, nil
}

// TestReferencesDecodeThePage makes sure every reference reads the whole
// page, so that no figure is of a decoder that gave up early.
func TestReferencesDecodeThePage(t *testing.T) {
	var plain benchdata.PlainPage
	require.NoError(t, sonic.Unmarshal(pageBody, &plain))
	require.Len(t, plain.ExpressCustomers, 100)
	require.Equal(t, "northeast", plain.ExpressCustomers[99].Metadata["region"])
	plain = benchdata.PlainPage{}
	require.NoError(t, gojson.Unmarshal(pageBody, &plain))
	require.Len(t, plain.ExpressCustomers, 100)
	var og ogenapi.ExpressCustomerPage
	require.NoError(t, og.Decode(jx.DecodeBytes(pageBody)))
	require.Len(t, og.ExpressCustomers, 100)
	var batches anthropicpagination.Page[anthropic.MessageBatch]
	require.NoError(t, json.Unmarshal(batchPageBody, &batches))
	require.Len(t, batches.Data, 100)
	require.Equal(t, int64(100), batches.Data[99].RequestCounts.Succeeded)
	t.Logf("customer page %d bytes, batch page %d bytes", len(pageBody), len(batchPageBody))
}

func BenchmarkDecodePage(b *testing.B) {
	decoders := []struct {
		name   string
		decode func() error
	}{
		// The SDK's page type, decoded by a direct call of its
		// UnmarshalJSON, as its documentation advises for stored pages.
		{"sdk", func() error {
			var p pagination.CursorExpressCustomers[avara.ExpressCustomer]
			return p.UnmarshalJSON(pageBody)
		}},
		{"encoding_json", func() error {
			var p benchdata.PlainPage
			return json.Unmarshal(pageBody, &p)
		}},
		{"sonic", func() error {
			var p benchdata.PlainPage
			return sonic.Unmarshal(pageBody, &p)
		}},
		{"goccy", func() error {
			var p benchdata.PlainPage
			return gojson.Unmarshal(pageBody, &p)
		}},
		{"ogen", func() error {
			var p ogenapi.ExpressCustomerPage
			return p.Decode(jx.DecodeBytes(pageBody))
		}},
		{"stainless", func() error {
			var p anthropicpagination.Page[anthropic.MessageBatch]
			return p.UnmarshalJSON(batchPageBody)
		}},
	}
	for _, dec := range decoders {
		b.Run(dec.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := dec.decode(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// lists are a List of 100 by each client, through its whole pipeline, each
// on the HTTP client given for its page: the SDK's and the hand-written
// client's on customers, as the ogen-generated client's, the Stainless
// SDK's on message batches.
func lists(b *testing.B, customers, batches *http.Client, base string) []struct {
	name string
	list func(context.Context) error
} {
	sdk := avara.NewClient(option.WithBaseURL(base), option.WithAPIKey("bench-key"), option.WithHTTPClient(customers))
	baseline := &benchdata.Baseline{HTTP: customers, Base: base, Key: "Bearer bench-key"}
	og, err := ogenapi.NewClient(base, bearer{}, ogenapi.WithClient(customers))
	require.NoError(b, err)
	stainless := anthropic.NewClient(anthropicoption.WithBaseURL(base), anthropicoption.WithAPIKey("bench-key"),
		anthropicoption.WithHTTPClient(batches), anthropicoption.WithMaxRetries(0))
	return []struct {
		name string
		list func(context.Context) error
	}{
		{"sdk", func(ctx context.Context) error {
			_, err := sdk.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(100)})
			return err
		}},
		{"baseline", func(ctx context.Context) error {
			var p benchdata.PlainPage
			return baseline.Do(ctx, "GET", "/v1/express?limit=100", "", &p)
		}},
		{"ogen", func(ctx context.Context) error {
			_, err := og.ExpressList(ctx, ogenapi.ExpressListParams{Limit: ogenapi.NewOptFloat64(100)})
			return err
		}},
		{"stainless", func(ctx context.Context) error {
			_, err := stainless.Messages.Batches.List(ctx, anthropic.MessageBatchListParams{Limit: anthropic.Int(100)})
			return err
		}},
	}
}

func runLists(b *testing.B, customers, batches *http.Client, base string) {
	ctx := context.Background()
	for _, c := range lists(b, customers, batches, base) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.list(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkListInMemory is a List of 100 by each client on the in-memory
// transport of the SDK's own BenchmarkListInMemory: what is left is each
// client's own work.
func BenchmarkListInMemory(b *testing.B) {
	runLists(b, &http.Client{Transport: benchdata.Transport{Body: pageBody}},
		&http.Client{Transport: benchdata.Transport{Body: batchPageBody}}, "http://api.test")
}

// BenchmarkListLoopback is a List of 100 by each client from a server on
// the loopback interface, one server per page, with connections kept.
func BenchmarkListLoopback(b *testing.B) {
	serve := func(body []byte) *http.Client {
		srv := benchdata.Server(b, body)
		// Each client is given the address of its own server, whatever
		// the base URL says.
		addr := srv.Listener.Addr().String()
		tr := &http.Transport{MaxIdleConnsPerHost: 16, DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		}}
		b.Cleanup(tr.CloseIdleConnections)
		return &http.Client{Transport: tr}
	}
	runLists(b, serve(pageBody), serve(batchPageBody), "http://api.test")
}
