package avara_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/observe"
)

// recorder is an observer that writes down what it is told, one line per
// hook, and marks each attempt's request with a header and a context
// value, so that a test can see both reach where they must.
type recorder struct {
	name   string
	mu     sync.Mutex
	events *[]string
}

type recorderKey struct{}

func newRecorder(name string, events *[]string) *recorder {
	return &recorder{name: name, events: events}
}

func (r *recorder) add(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	*r.events = append(*r.events, r.name+": "+fmt.Sprintf(format, args...))
}

func (r *recorder) StartCall(ctx context.Context, c observe.Call) (context.Context, observe.CallObserver) {
	r.add("call %s %s %q", c.Method, c.HTTPMethod, c.Route)
	return context.WithValue(ctx, recorderKey{}, r.name), &recordedCall{r}
}

type recordedCall struct{ r *recorder }

func (c *recordedCall) StartAttempt(req *http.Request, a observe.Attempt) (*http.Request, func(observe.AttemptResult)) {
	c.r.add("attempt %d, context from %v", a.Number, req.Context().Value(recorderKey{}))
	req.Header.Add("X-Observed-By", c.r.name)
	return req, func(res observe.AttemptResult) {
		status := 0
		if res.Response != nil {
			status = res.Response.StatusCode
		}
		c.r.add("attempt %d ended: status %d, error %v", a.Number, status, res.Err)
	}
}

func (c *recordedCall) Retry(r observe.Retry) {
	if r.Refused != nil {
		c.r.add("retry after attempt %d refused: %v", r.Attempt, r.Refused)
		return
	}
	c.r.add("retry after attempt %d, waiting %v", r.Attempt, r.Wait > 0)
}

func (c *recordedCall) End(err error) {
	var apiErr *avara.Error
	switch {
	case err == nil:
		c.r.add("end: nil")
	case errors.As(err, &apiErr):
		c.r.add("end: *avara.Error %d, budget exhausted %v", apiErr.StatusCode, errors.Is(err, avara.ErrRetryBudgetExhausted))
	default:
		c.r.add("end: %v", err)
	}
}

func TestObserver(t *testing.T) {
	ctx := context.Background()
	const get = `a: call Express.Get GET "/v1/express/{expressCustomerId}"`
	tests := []struct {
		name   string
		faults []avaratest.Fault
		opts   []option.RequestOption // the client's, after the observer
		call   func(c *avara.Client, id string) error
		want   []string
	}{
		{
			name: "a call that succeeds at once is one attempt",
			call: func(c *avara.Client, id string) error { _, err := c.Express.Get(ctx, id); return err },
			want: []string{get, "a: attempt 0, context from a", "a: attempt 0 ended: status 200, error <nil>", "a: end: nil"},
		},
		{
			name:   "a call retried twice has three attempts and two waits",
			faults: []avaratest.Fault{{Method: "GET", Status: 503, Times: 2}},
			call:   func(c *avara.Client, id string) error { _, err := c.Express.Get(ctx, id); return err },
			want: []string{get,
				"a: attempt 0, context from a", "a: attempt 0 ended: status 503, error <nil>", "a: retry after attempt 0, waiting true",
				"a: attempt 1, context from a", "a: attempt 1 ended: status 503, error <nil>", "a: retry after attempt 1, waiting true",
				"a: attempt 2, context from a", "a: attempt 2 ended: status 200, error <nil>", "a: end: nil"},
		},
		{
			name: "a 404 is one attempt and the call's error",
			call: func(c *avara.Client, _ string) error {
				_, err := c.Express.Get(ctx, "cus_00000000000000000000000000000000")
				return err
			},
			want: []string{get, "a: attempt 0, context from a", "a: attempt 0 ended: status 404, error <nil>", "a: end: *avara.Error 404, budget exhausted false"},
		},
		{
			name:   "a retry the budget withholds is told as refused",
			faults: []avaratest.Fault{{Method: "GET", Status: 503}},
			opts:   []option.RequestOption{option.WithRetryBudget(0, 0)},
			call:   func(c *avara.Client, id string) error { _, err := c.Express.Get(ctx, id); return err },
			want: []string{get, "a: attempt 0, context from a", "a: attempt 0 ended: status 503, error <nil>",
				"a: retry after attempt 0 refused: " + avara.ErrRetryBudgetExhausted.Error(), "a: end: *avara.Error 503, budget exhausted true"},
		},
		{
			name: "a request sent with Get is a Client.Execute call without a route",
			call: func(c *avara.Client, _ string) error { return c.Get(ctx, "v1/express", nil, nil) },
			want: []string{`a: call Client.Execute GET ""`, "a: attempt 0, context from a", "a: attempt 0 ended: status 200, error <nil>", "a: end: nil"},
		},
		{
			name: "a call refused before anything is sent is not observed",
			call: func(c *avara.Client, id string) error {
				_, err := c.Express.Get(ctx, id, option.WithAPIKey(""))
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := avaratest.NewServer(avaratest.WithSeedCount(1))
			t.Cleanup(srv.Close)
			id := srv.Customers()[0].ID
			for _, f := range tt.faults {
				srv.InjectFault(f)
			}
			var events []string
			client := srv.Client(append([]option.RequestOption{option.WithObserver(newRecorder("a", &events))}, tt.opts...)...)
			_ = tt.call(client, id)
			assert.Equal(t, tt.want, events)
			for _, r := range srv.Requests() {
				assert.Equal(t, []string{"a"}, r.Header.Values("X-Observed-By"), "what StartAttempt set is sent")
			}
		})
	}
}

func TestObserversInOrder(t *testing.T) {
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	t.Cleanup(srv.Close)
	var events []string
	client := srv.Client(option.WithObserver(newRecorder("a", &events)))
	_, err := client.Express.Get(context.Background(), srv.Customers()[0].ID, option.WithObserver(newRecorder("b", &events)))
	require.NoError(t, err)
	// The call's observer starts after the client's, inside its context,
	// and hears of the attempt's end first; the call ends in the order
	// they started.
	assert.Equal(t, []string{
		`a: call Express.Get GET "/v1/express/{expressCustomerId}"`,
		`b: call Express.Get GET "/v1/express/{expressCustomerId}"`,
		"a: attempt 0, context from b", "b: attempt 0, context from b",
		"b: attempt 0 ended: status 200, error <nil>", "a: attempt 0 ended: status 200, error <nil>",
		"a: end: nil", "b: end: nil",
	}, events)
	require.Len(t, srv.Requests(), 1)
	assert.Equal(t, []string{"a", "b"}, srv.Requests()[0].Header.Values("X-Observed-By"))

	_, err = client.Express.Get(context.Background(), srv.Customers()[0].ID)
	require.NoError(t, err)
	assert.Len(t, events, 12, "a call's observer observes that call only")
}

func TestObserverPages(t *testing.T) {
	srv := avaratest.NewServer(avaratest.WithSeedCount(5))
	t.Cleanup(srv.Close)
	var events []string
	client := srv.Client(option.WithObserver(newRecorder("a", &events)))
	n := 0
	for _, err := range client.Express.ListAutoPaging(context.Background(), avara.ExpressListParams{Limit: avara.Int(2)}).All() {
		require.NoError(t, err)
		n++
	}
	require.Equal(t, 5, n)
	var calls []string
	for _, e := range events {
		if strings.HasPrefix(e, "a: call ") {
			calls = append(calls, e)
		}
	}
	want := `a: call Express.List GET "/v1/express"`
	assert.Equal(t, []string{want, want, want}, calls, "one call per page fetched")
}
