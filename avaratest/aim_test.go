package avaratest

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Faults aimed at one request of several (issue #22): by query, by
// skipping the first matches, and refused at once when they could never
// fire.

func TestAimedFaults(t *testing.T) {
	// page walks /v1/express two at a time over five customers, and
	// returns each page's status and the cursor it sent.
	pageStatus := func(t *testing.T, srv *Server, cursor string) (int, *string) {
		path := "/v1/express?limit=2"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		res := do(t, srv, req{method: "GET", path: path})
		if res.status != 200 {
			return res.status, nil
		}
		return 200, res.page(t).Cursor
	}

	t.Run("a fault with Skip 1 lets the first matching request through and fails the second", func(t *testing.T) {
		srv := newTestServer(t, WithSeedCount(5))
		srv.InjectFault(Fault{Method: "GET", Path: "/v1/express", Query: url.Values{"limit": {"2"}}, Skip: 1, Status: 503})

		status, c1 := pageStatus(t, srv, "")
		require.Equal(t, 200, status, "page 1 is skipped")
		status, _ = pageStatus(t, srv, *c1)
		assert.Equal(t, 503, status, "page 2 fails")
		status, c2 := pageStatus(t, srv, *c1)
		require.Equal(t, 200, status, "page 2's retry succeeds: the fault fired its one time")
		status, _ = pageStatus(t, srv, *c2)
		assert.Equal(t, 200, status, "page 3 succeeds")
		assert.Equal(t, 1, srv.FaultsInjected())
		srv.RequireFaultsFired(t)
	})

	t.Run("a fault with a Query on the cursor fails exactly the page after that cursor", func(t *testing.T) {
		srv := newTestServer(t, WithSeedCount(5))
		_, c1 := pageStatus(t, srv, "")
		srv.InjectFault(Fault{Method: "GET", Path: "/v1/express", Query: url.Values{"cursor": {*c1}}, Status: 500})

		status, _ := pageStatus(t, srv, "")
		assert.Equal(t, 200, status, "page 1 has no cursor")
		status, _ = pageStatus(t, srv, *c1)
		assert.Equal(t, 500, status, "page 2 is the one")
		status, _ = pageStatus(t, srv, *c1)
		assert.Equal(t, 200, status)
	})

	t.Run("a fault's Query must hold every value it names", func(t *testing.T) {
		srv := newTestServer(t, WithSeedCount(1))
		srv.InjectFault(Fault{Path: "/v1/express", Query: url.Values{"limit": {"2"}, "cursor": {"x"}}, Status: 500})
		assert.Equal(t, 200, do(t, srv, req{method: "GET", path: "/v1/express?limit=2"}).status)
		assert.Equal(t, 1, srv.PendingFaults())
	})

	t.Run("a skipping fault lets the request on to the faults after it", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "GET", Skip: 1, Status: 500})
		srv.InjectFault(Fault{Method: "GET", Status: 502})
		assert.Equal(t, 502, do(t, srv, req{method: "GET", path: "/v1/express"}).status)
		assert.Equal(t, 500, do(t, srv, req{method: "GET", path: "/v1/express"}).status)
	})

	t.Run("faults aim at any operation of the API, not only Express", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "POST", Path: "/v1/autoScribe/studies/cancel", Status: 429})
		res := do(t, srv, req{method: "POST", path: "/v1/autoScribe/studies/cancel", body: map[string]string{"studyId": hexID("stu_", 1)}})
		assert.Equal(t, 429, res.status)
		assert.Equal(t, 404, do(t, srv, req{method: "POST", path: "/v1/autoScribe/studies/cancel", body: map[string]string{"studyId": hexID("stu_", 1)}}).status)
	})
}

func TestFaultsThatCouldNeverFire(t *testing.T) {
	tests := []struct {
		name  string
		fault Fault
		want  string
	}{
		{"a method no route has panics naming Method", Fault{Method: "GETT", Status: 500},
			`Method: no route of the API has method "GETT", so the fault could never fire; it has GET, POST, PATCH, DELETE`},
		{"a method the path's routes lack panics naming Method", Fault{Method: "PUT", Path: "/v1/express", Status: 500},
			`Method: no route matching "/v1/express" has method "PUT", so the fault could never fire; it has GET, POST`},
		{"a path with a trailing slash panics naming Path", Fault{Path: "/v1/express/", Status: 500},
			`Path: no route of the API matches "/v1/express/", so the fault could never fire`},
		{"a path no route has panics naming Path", Fault{Path: "/v2/express", Status: 500},
			`Path: no route of the API matches "/v2/express"`},
		{"a path one segment short panics naming Path", Fault{Path: "/v1/express/*/users/*", Status: 500},
			`Path: no route of the API matches`},
		{"a negative skip panics naming Skip", Fault{Skip: -1, Status: 500},
			`Skip: must not be negative, got -1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t)
			assert.True(t, strings.HasPrefix(panicValue(func() { srv.InjectFault(tt.fault) }), "avaratest: InjectFault: "+tt.want),
				"panicked with %q", panicValue(func() { srv.InjectFault(tt.fault) }))
			assert.Zero(t, srv.PendingFaults(), "nothing was queued")
		})
	}
	for _, tt := range tests {
		if tt.fault.Skip != 0 {
			continue // chaos has no Skip
		}
		t.Run("chaos refuses it too: "+tt.name, func(t *testing.T) {
			srv := newTestServer(t)
			assert.Panics(t, func() { srv.SetChaos(Chaos{Rate: 1, Faults: []Fault{tt.fault}}) })
		})
	}

	ok := []Fault{
		{Method: "get", Path: "/v1/express", Status: 500},
		{Path: "/v1/autoScribe/studies/*", Status: 500},
		{Path: "/v1/autoScribe/studies/cancel", Status: 500},
		{Method: "DELETE", Path: "/v1/express/*/users", Status: 500},
		{Path: "/v1/viewer/users/invitations/" + hexID("inv_", 1), Status: 500},
	}
	for _, f := range ok {
		t.Run(fmt.Sprintf("%s %s is a fault that can fire", f.Method, f.Path), func(t *testing.T) {
			srv := newTestServer(t)
			assert.NotPanics(t, func() { srv.InjectFault(f) })
		})
	}
}

// panicValue runs f and returns what it panicked with, as text.
func panicValue(f func()) (v string) {
	defer func() { v = fmt.Sprint(recover()) }()
	f()
	return ""
}

// recordingTB is a testing.TB whose failures are recorded instead of
// ending the test, so that a test can check that a helper fails.
type recordingTB struct {
	testing.TB
	failures []string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func TestRequireFaultsFired(t *testing.T) {
	t.Run("a fault that never fired fails the test, naming the fault", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "POST", Path: "/v1/express", Status: 503, Times: 2})
		srv.InjectFault(Fault{Method: "GET", Path: "/v1/express", Query: url.Values{"cursor": {"abc"}}, Status: 500, Skip: 1})
		do(t, srv, req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`})

		rec := &recordingTB{TB: t}
		srv.RequireFaultsFired(rec)
		require.Len(t, rec.failures, 1)
		assert.Contains(t, rec.failures[0], "1 injected fault(s) never fired")
		assert.Contains(t, rec.failures[0], "GET /v1/express?cursor=abc 500 x1 skip=1")
		assert.NotContains(t, rec.failures[0], "POST", "the POST fault fired, once of twice, which is enough")
	})

	t.Run("a test whose faults all fired passes", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "GET", Status: 503})
		do(t, srv, req{method: "GET", path: "/v1/express"})
		rec := &recordingTB{TB: t}
		srv.RequireFaultsFired(rec)
		assert.Empty(t, rec.failures)
	})

	t.Run("ClearFaults forgets the faults it removes", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "GET", Status: 503})
		srv.ClearFaults()
		rec := &recordingTB{TB: t}
		srv.RequireFaultsFired(rec)
		assert.Empty(t, rec.failures)
	})

}

func TestParseFault(t *testing.T) {
	good := []struct {
		text string
		want Fault
	}{
		{"GET /v1/express 503 x2", Fault{Method: "GET", Path: "/v1/express", Status: 503, Times: 2}},
		{"post /v1/express 500", Fault{Method: "POST", Path: "/v1/express", Status: 500}},
		{"* * 429", Fault{Status: 429}},
		{"GET /v1/express?limit=2 503 skip=1", Fault{Method: "GET", Path: "/v1/express", Query: url.Values{"limit": {"2"}}, Status: 503, Skip: 1}},
		{"POST /v1/express/*/users drop=after delay=5ms", Fault{Method: "POST", Path: "/v1/express/*/users", Drop: DropAfterRead, Delay: 5 * time.Millisecond}},
	}
	for _, tt := range good {
		t.Run(tt.text+" is read", func(t *testing.T) {
			f, err := ParseFault(tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.want, f)
			again, err := ParseFault(f.String())
			require.NoError(t, err, "String writes what ParseFault reads: %s", f)
			assert.Equal(t, f.Query, again.Query)
			assert.Equal(t, f.Status, again.Status)
		})
	}
	bad := []struct{ text, msg string }{
		{"GET /v1/express", "want \"METHOD PATH"},
		{"GET /v1/express 5o3", `"5o3"`},
		{"GET /v1/express 503 xx", `"xx"`},
		{"GET /v1/express 503 wait=1s", "unknown part"},
		{"GETT /v1/express 503", `Method: no route matching "/v1/express" has method "GETT"`},
		{"GET /v1/express/ 503", "Path: no route of the API matches"},
		{"GET /v1/express 200", "status must be 0 or between 400 and 599"},
	}
	for _, tt := range bad {
		t.Run(tt.text+" is refused", func(t *testing.T) {
			_, err := ParseFault(tt.text)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}
