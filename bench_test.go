package avara_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/internal/benchdata"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/pagination"
)

var (
	customerBody = []byte(benchdata.CustomerJSON(7))
	pageBody     = []byte(benchdata.PageJSON(100))
)

func BenchmarkDecodeCustomer(b *testing.B) {
	// sdk is the decoder every response goes through: one pass, with full
	// field metadata.
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(customerBody)))
		for b.Loop() {
			var c avara.ExpressCustomer
			if err := c.UnmarshalJSON(customerBody); err != nil {
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
			var c benchdata.PlainCustomer
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
			if _, err := avara.DecodeListPage(pageBody); err != nil {
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
			var p benchdata.PlainPage
			if err := json.Unmarshal(pageBody, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func newBaseline(url string) *benchdata.Baseline {
	return &benchdata.Baseline{HTTP: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}, Base: url, Key: "Bearer bench-key"}
}

func sdkClient(b *testing.B, url string) *avara.Client {
	return avara.NewClient(option.WithBaseURL(url), option.WithAPIKey("bench-key"))
}

func BenchmarkGet(b *testing.B) {
	srv := benchdata.Server(b, customerBody)
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
			var c benchdata.PlainCustomer
			if err := client.Do(ctx, "GET", "/v1/express/cus_00000000000000000000000000000007", "", &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkListPage(b *testing.B) {
	srv := benchdata.Server(b, pageBody)
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
			var p benchdata.PlainPage
			if err := client.Do(ctx, "GET", "/v1/express?limit=100", "", &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkNew(b *testing.B) {
	srv := benchdata.Server(b, customerBody)
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
			var c benchdata.PlainCustomer
			if err := client.Do(ctx, "POST", "/v1/express", string(body), &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkGetParallel(b *testing.B) {
	srv := benchdata.Server(b, customerBody)
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
			var c benchdata.PlainCustomer
			return client.Do(ctx, "GET", "/v1/express/cus_00000000000000000000000000000007", "", &c)
		})
	})
}

// BenchmarkAutoPaging walks every customer of a fake holding 10,000 and
// 100,000, 100 per page. peak-heap-B is the most the live heap grew above
// its level before the walk, sampled after a collection every 50 pages (the
// fake's store is in both and does not change; its request log is emptied
// before each sample): it must stay flat as the number of pages grows
// tenfold, since a walk keeps one page at a time. B/item is what the walk
// allocated per customer, the
// fake's work of serving the pages included (the SDK's own share is that of
// BenchmarkListInMemory, per item).
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
			items[i] = benchdata.CustomerJSON(n*perPage + i)
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

// BenchmarkListInMemory is List of a 100-customer page through each
// client's whole pipeline on an in-memory transport: the pair
// scripts/callgrind counts instructions of.
func BenchmarkListInMemory(b *testing.B) {
	ctx := context.Background()
	hc := &http.Client{Transport: benchdata.Transport{Body: pageBody}}
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
		client := &benchdata.Baseline{HTTP: hc, Base: "http://api.test", Key: "Bearer bench-key"}
		b.ReportAllocs()
		for b.Loop() {
			var p benchdata.PlainPage
			if err := client.Do(ctx, "GET", "/v1/express?limit=100", "", &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
