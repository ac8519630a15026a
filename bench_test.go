package avara_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/pagination"
)

// plainCustomer is what a hand-written client decodes into: the baseline.
type plainCustomer struct {
	ExpressCustomerID   string            `json:"expressCustomerId"`
	ExpressCustomerName string            `json:"expressCustomerName"`
	IsActive            bool              `json:"isActive"`
	UserCount           int64             `json:"userCount"`
	CreatedAt           time.Time         `json:"createdAt"`
	UpdatedAt           time.Time         `json:"updatedAt"`
	CreatedByAPIKeyID   string            `json:"createdByApiKeyId"`
	CreatedByUserID     *string           `json:"createdByUserId"`
	Metadata            map[string]string `json:"metadata"`
}

type plainPage struct {
	ExpressCustomers []plainCustomer `json:"expressCustomers"`
	HasMore          bool            `json:"hasMore"`
	Cursor           *string         `json:"cursor"`
}

func benchCustomerJSON(i int) string {
	return fmt.Sprintf(`{"createdAt":"2024-01-15T09:00:%02dZ","expressCustomerId":"cus_%032x","expressCustomerName":"City Medical Center - Radiology Department %d","isActive":true,"updatedAt":"2024-03-15T14:20:00Z","userCount":%d,"createdByApiKeyId":"550e8400-e29b-41d4-a716-446655440000","createdByUserId":null,"metadata":{"department":"radiology","region":"northeast","tier":"gold"}}`, i%60, i, i, i%50)
}

func benchPageJSON(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = benchCustomerJSON(i)
	}
	return `{"expressCustomers":[` + strings.Join(items, ",") + `],"hasMore":true,"cursor":"Y3Vyc29yLTEwMA=="}`
}

var (
	customerBody = []byte(benchCustomerJSON(7))
	pageBody     = []byte(benchPageJSON(100))
)

func BenchmarkDecodeCustomer(b *testing.B) {
	// sdk is the decoder every response goes through: one validity pass and
	// one gjson pass, with full field metadata.
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(customerBody)))
		for b.Loop() {
			var c avara.ExpressCustomer
			if err := requestconfig.Decode(string(customerBody), &c); err != nil {
				b.Fatal(err)
			}
		}
	})
	// sdk_via_encoding_json is json.Unmarshal into avara.ExpressCustomer, the
	// path of stored payloads and webhooks.
	b.Run("sdk_via_encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(customerBody)))
		for b.Loop() {
			var c avara.ExpressCustomer
			if err := json.Unmarshal(customerBody, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(customerBody)))
		for b.Loop() {
			var c plainCustomer
			if err := json.Unmarshal(customerBody, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDecodePage(b *testing.B) {
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(pageBody)))
		for b.Loop() {
			var p pagination.CursorExpressCustomers[avara.ExpressCustomer]
			if err := requestconfig.Decode(string(pageBody), &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk_via_encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(pageBody)))
		for b.Loop() {
			var p pagination.CursorExpressCustomers[avara.ExpressCustomer]
			if err := json.Unmarshal(pageBody, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(pageBody)))
		for b.Loop() {
			var p plainPage
			if err := json.Unmarshal(pageBody, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchServer answers every request with body, like a real API would.
func benchServer(b *testing.B, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// baselineClient is a careful hand-written client: net/http plus
// encoding/json into a plain struct, no metadata, no retries.
type baselineClient struct {
	http *http.Client
	base string
	key  string
}

func newBaseline(url string) *baselineClient {
	return &baselineClient{http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}, base: url, key: "Bearer bench-key"}
}

func (c *baselineClient) do(ctx context.Context, method, path string, body string, dst any) error {
	var rd *strings.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	var req *http.Request
	var err error
	if rd != nil {
		req, err = http.NewRequestWithContext(ctx, method, c.base+path, rd)
	} else {
		req, err = http.NewRequestWithContext(ctx, method, c.base+path, nil)
	}
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", c.key)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	return json.NewDecoder(res.Body).Decode(dst)
}

func sdkClient(b *testing.B, url string) *avara.Client {
	return avara.NewClient(option.WithBaseURL(url), option.WithAPIKey("bench-key"))
}

func BenchmarkGet(b *testing.B) {
	srv := benchServer(b, customerBody)
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		client := sdkClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := client.Express.Get(ctx, "cus_00000000000000000000000000000007"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		client := newBaseline(srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			var c plainCustomer
			if err := client.do(ctx, "GET", "/v1/express/cus_00000000000000000000000000000007", "", &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkListPage(b *testing.B) {
	srv := benchServer(b, pageBody)
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		client := sdkClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := client.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(100)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		client := newBaseline(srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			var p plainPage
			if err := client.do(ctx, "GET", "/v1/express?limit=100", "", &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkNew(b *testing.B) {
	srv := benchServer(b, customerBody)
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		client := sdkClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "City Medical Center", Metadata: map[string]string{"region": "ne"}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		client := newBaseline(srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			body, _ := json.Marshal(map[string]any{"expressCustomerName": "City Medical Center", "metadata": map[string]string{"region": "ne"}})
			var c plainCustomer
			if err := client.do(ctx, "POST", "/v1/express", string(body), &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkGetParallel(b *testing.B) {
	srv := benchServer(b, customerBody)
	ctx := context.Background()
	run := func(b *testing.B, get func() error) {
		b.ReportAllocs()
		b.SetParallelism(16) // 16 × GOMAXPROCS(2) = 32 goroutines
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := get(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	b.Run("sdk", func(b *testing.B) {
		client := sdkClient(b, srv.URL)
		run(b, func() error {
			_, err := client.Express.Get(ctx, "cus_00000000000000000000000000000007")
			return err
		})
	})
	b.Run("baseline", func(b *testing.B) {
		client := newBaseline(srv.URL)
		run(b, func() error {
			var c plainCustomer
			return client.do(ctx, "GET", "/v1/express/cus_00000000000000000000000000000007", "", &c)
		})
	})
}

// BenchmarkAutoPaging walks every customer of a fake holding 10,000 and
// 100,000, 100 per page. peak-heap-B is the most the live heap grew above
// its level before the walk, sampled after a collection every 50 pages (the
// fake's store is in both and does not change; its request log is emptied
// before each sample): it must
// stay flat as the number of pages grows tenfold, since a walk keeps one
// page at a time. B/item is what the walk allocated per customer.
func BenchmarkAutoPaging(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			srv := avaratest.NewServer(avaratest.WithSeedCount(n))
			b.Cleanup(srv.Close)
			client := avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))
			ctx := context.Background()
			var peak uint64
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			startAlloc := ms.TotalAlloc
			for b.Loop() {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				base := ms.HeapAlloc
				iter := client.Express.ListAutoPaging(ctx, avara.ExpressListParams{Limit: avara.Int(100)})
				count := 0
				for iter.Next() {
					count++
					if count%5000 == 0 {
						srv.ResetRequests() // the fake's request log is not the walk's memory
						runtime.GC()
						runtime.ReadMemStats(&ms)
						if ms.HeapAlloc > base {
							peak = max(peak, ms.HeapAlloc-base)
						}
					}
				}
				if err := iter.Err(); err != nil {
					b.Fatal(err)
				}
				if count != n {
					b.Fatalf("walked %d customers, want %d", count, n)
				}
			}
			b.ReportMetric(float64(peak), "peak-heap-B")
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.TotalAlloc-startAlloc)/float64(b.N*n), "B/item")
		})
	}
}

// BenchmarkPrefetch walks 100 pages from a server that takes 5 ms per page,
// with a loop body that spends 5 ms per page: without prefetch the two add
// up, with it they overlap, so the walk takes about half the time.
func BenchmarkPrefetch(b *testing.B) {
	const pages, perPage = 100, 10
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond)
		n := 0
		fmt.Sscan(r.URL.Query().Get("cursor"), &n)
		items := make([]string, perPage)
		for i := range items {
			items[i] = benchCustomerJSON(n*perPage + i)
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"expressCustomers":[%s],"hasMore":%v,"cursor":"%d"}`, strings.Join(items, ","), n+1 < pages, n+1)
	}))
	b.Cleanup(srv.Close)
	for _, prefetch := range []bool{false, true} {
		b.Run(fmt.Sprintf("prefetch=%v", prefetch), func(b *testing.B) {
			client := sdkClient(b, srv.URL)
			for b.Loop() {
				iter := client.Express.ListAutoPaging(context.Background(), avara.ExpressListParams{Limit: avara.Int(perPage)}, option.WithPagePrefetch(prefetch))
				count := 0
				for iter.Next() {
					if count++; count%perPage == 0 {
						time.Sleep(5 * time.Millisecond)
					}
				}
				if err := iter.Err(); err != nil || count != pages*perPage {
					b.Fatalf("walked %d customers (err %v), want %d", count, err, pages*perPage)
				}
			}
		})
	}
}

// memTransport answers every request with one canned response, with no
// network or server in the way: what is left is each client's own cost of a
// call, request built and answer decoded. It reads the request body, as a
// server would.
type memTransport struct{ body []byte }

func (m memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(m.body))}},
		ContentLength: int64(len(m.body)),
		Body:          io.NopCloser(bytes.NewReader(m.body)),
		Request:       r,
	}, nil
}

// BenchmarkListInMemory is List of a 100-customer page through each
// client's whole pipeline on an in-memory transport: the pair
// scripts/callgrind counts instructions of.
func BenchmarkListInMemory(b *testing.B) {
	ctx := context.Background()
	hc := &http.Client{Transport: memTransport{pageBody}}
	b.Run("sdk", func(b *testing.B) {
		client := avara.NewClient(option.WithBaseURL("http://api.test"), option.WithAPIKey("bench-key"), option.WithHTTPClient(hc))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := client.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(100)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		client := &baselineClient{http: hc, base: "http://api.test", key: "Bearer bench-key"}
		b.ReportAllocs()
		for b.Loop() {
			var p plainPage
			if err := client.do(ctx, "GET", "/v1/express?limit=100", "", &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
