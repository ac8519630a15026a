package avara_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests try to make the SDK leak its API key, send a request to a
// path or query other than the one meant, or hand the key to another host.

func secJSONLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// secDeepFind walks v through pointers, interfaces, structs (unexported
// fields included), slices and maps, as a deep printer (spew, testify's
// failure output, a debugger) would, and returns the path of every string
// that contains needle. It does not walk into the paths skip names.
func secDeepFind(v any, needle string, skip ...string) []string {
	var found []string
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value, path string, depth int)
	walk = func(v reflect.Value, path string, depth int) {
		if !v.IsValid() || depth > 20 || slices.Contains(skip, path) {
			return
		}
		switch v.Kind() {
		case reflect.String:
			if strings.Contains(v.String(), needle) {
				found = append(found, path)
			}
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem(), path, depth+1)
		case reflect.Interface:
			walk(v.Elem(), path, depth+1)
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name, depth+1)
			}
		case reflect.Slice, reflect.Array:
			if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
				if bytes.Contains(v.Bytes(), []byte(needle)) {
					found = append(found, path)
				}
				return
			}
			for i := range min(v.Len(), 1000) {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1)
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Key(), path+"{key}", depth+1)
				walk(it.Value(), fmt.Sprintf("%s[%v]", path, it.Key()), depth+1)
			}
		}
	}
	walk(reflect.ValueOf(v), "", 0)
	return found
}

// TestSecurityAPIKeyNeverShown sends calls that end every way a call can
// end, with a sentinel key, and searches everything the SDK and the fake
// print, dump and log for it.
func TestSecurityAPIKeyNeverShown(t *testing.T) {
	var b [12]byte
	_, _ = rand.Read(b[:])
	key := "sk-live-SENTINEL-" + hex.EncodeToString(b[:])

	var fakeLog, debugLog lockedBuffer
	srv := avaratest.NewServer(avaratest.WithAPIKey(key), avaratest.WithSeedCount(1), avaratest.WithLogger(secJSONLogger(&fakeLog)))
	t.Cleanup(srv.Close)
	keyOpt, logOpt := option.WithAPIKey(key), option.WithDebugLog(secJSONLogger(&debugLog))
	client := avara.NewClient(option.WithBaseURL(srv.URL), keyOpt, logOpt, option.WithMaxRetries(1),
		option.WithRequestTimeout(200*time.Millisecond))
	ctx := context.Background()
	id := srv.Customers()[0].ID
	_, err := client.Express.Deactivate(ctx, id)
	require.NoError(t, err)

	// A hostile or broken server answering 2xx with something that is not
	// a customer.
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html>maintenance</html>")
	}))
	t.Cleanup(html.Close)

	var errs []error
	call := func(err error) {
		t.Helper()
		require.Error(t, err)
		errs = append(errs, err)
	}
	_, err = client.Express.Get(ctx, "cus_00000000000000000000000000000000") // 404
	call(err)
	_, err = client.Express.Update(ctx, id, avara.ExpressUpdateParams{}, option.WithJSONSet("bogus", true)) // 400
	call(err)
	_, err = client.Express.Users.Add(ctx, id, avara.ExpressUserAddParams{UserID: "usr_00000000000000000000000000000001"}) // 409
	call(err)
	srv.InjectFault(avaratest.Fault{Status: http.StatusInternalServerError, Times: 2}) // 500, retried
	_, err = client.Express.Get(ctx, id)
	call(err)
	// Connections dropped: net/http itself resends a request with an
	// Idempotency-Key once on a reused connection, so up to 4 drops.
	srv.InjectFault(avaratest.Fault{Drop: avaratest.DropAfterRead, Times: 4})
	_, err = client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x"})
	call(err)
	srv.ClearFaults()
	srv.InjectFault(avaratest.Fault{Delay: time.Second, Times: 2}) // attempt timeouts
	_, err = client.Express.Get(ctx, id)
	call(err)
	_, err = client.Express.Get(ctx, id, option.WithBaseURL(html.URL)) // ErrInvalidResponse
	call(err)
	_, err = client.Express.Get(ctx, "") // refused before sending
	call(err)
	_, err = client.Express.Get(ctx, id, option.WithAPIKey(key+"\r\nX-Injected: 1"), option.WithMaxRetries(0)) // net/http refuses the header
	call(err)
	require.ErrorIs(t, errs[0], avara.ErrNotFound)
	require.ErrorIs(t, errs[6], avara.ErrInvalidResponse)

	texts := map[string]string{
		"client":          fmt.Sprintf("%v %+v %#v", client, client, client),
		"client.Express":  fmt.Sprintf("%v %+v %#v", client.Express, client.Express, client.Express.Users),
		"WithAPIKey":      fmt.Sprintf("%v %+v %#v", keyOpt, keyOpt, keyOpt),
		"WithDebugLog":    fmt.Sprintf("%v %+v %#v", logOpt, logOpt, logOpt),
		"the debug log":   debugLog.String(),
		"the fake's log":  fakeLog.String(),
		"fake.Requests()": fmt.Sprintf("%+v %#v", srv.Requests(), srv.Requests()),
	}
	for i, err := range errs {
		texts[fmt.Sprintf("error %d: %v", i, err)] = fmt.Sprintf("%v %+v %#v %s %q", err, err, err, err, err)
		var apiErr *avara.Error
		if errors.As(err, &apiErr) {
			texts[fmt.Sprintf("error %d: dumps", i)] = string(apiErr.DumpRequest(true)) + string(apiErr.DumpRequest(false)) +
				string(apiErr.DumpResponse(true)) + string(apiErr.DumpResponse(false)) + apiErr.RawJSON()
			texts[fmt.Sprintf("error %d: %%+v of the Error value", i)] = fmt.Sprintf("%+v %#v", *apiErr, *apiErr)
			texts[fmt.Sprintf("error %d: the headers of its request and response", i)] = fmt.Sprintf("%v %v", apiErr.Request.Header, apiErr.Response.Header)
		}
		for _, path := range secDeepFind(err, key) {
			t.Errorf("error %d (%v): the key is reachable at %s", i, err, path)
		}
	}
	// The client's config holds the key in a closure, which deep printers
	// skip. Its HTTP client is net/http's, whose connections keep the last
	// request written, as those of any *http.Client do, and change under
	// the walk.
	for _, path := range secDeepFind(client, key, ".base.cfg.HTTPClient") {
		t.Errorf("client: the key is reachable at %s", path)
	}
	require.Contains(t, debugLog.String(), `"status":500`, "the debug log did record the calls")
	require.NotEmpty(t, fakeLog.String())
	for what, text := range texts {
		assert.NotContains(t, text, key, what)
		assert.NotContains(t, text, "SENTINEL", what)
	}
	for _, r := range srv.Requests() {
		assert.Equal(t, "Bearer [redacted]", r.Header.Get("Authorization"))
	}
}

// TestSecurityPathIDsCannotEscapeTheirSegment sends ids made to climb or
// end the path, or start a query, through every method that takes one, and
// checks what the server received: the id stays one path segment, decoded
// back to itself, and the query stays empty.
func TestSecurityPathIDsCannotEscapeTheirSegment(t *testing.T) {
	var uris []string // the request line's target of each request
	var mu sync.Mutex
	ts := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		uris = append(uris, r.RequestURI)
		mu.Unlock()
		if strings.HasSuffix(r.URL.EscapedPath(), "/users") {
			_, _ = io.WriteString(w, `{"success":true}`)
			return
		}
		_, _ = io.WriteString(w, `{"expressCustomerId":"cus_1"}`)
	})
	ctx := context.Background()

	ids := []string{"../../admin", "a/b", "%2e%2e", "%2E%2E%2Fadmin", "cus_x?y=z", "..", ".", "cus_x#frag", "a#b", "a b",
		"a%2Fb", `a\b`, "cus_x;y", " cus_x ", "cus_x\r\nX-Injected: 1", "ü/../..", "?", "#", "//evil.example/x",
		"cus_1/../../v2?x=1#f"}
	user := avara.ExpressUserAddParams{UserID: "usr_1"}
	methods := []struct {
		name   string
		suffix string
		call   func(c *avara.Client, id string) error
	}{
		{"Get", "", func(c *avara.Client, id string) error { _, err := c.Express.Get(ctx, id); return err }},
		{"Update", "", func(c *avara.Client, id string) error {
			_, err := c.Express.Update(ctx, id, avara.ExpressUpdateParams{ExpressCustomerName: avara.String("n")})
			return err
		}},
		{"Update with no field", "", func(c *avara.Client, id string) error {
			_, err := c.Express.Update(ctx, id, avara.ExpressUpdateParams{})
			return err
		}},
		{"Deactivate", "/deactivate", func(c *avara.Client, id string) error { _, err := c.Express.Deactivate(ctx, id); return err }},
		{"Reactivate", "/reactivate", func(c *avara.Client, id string) error { _, err := c.Express.Reactivate(ctx, id); return err }},
		{"Users.Add", "/users", func(c *avara.Client, id string) error { _, err := c.Express.Users.Add(ctx, id, user); return err }},
		{"Users.Remove", "/users", func(c *avara.Client, id string) error {
			_, err := c.Express.Users.Remove(ctx, id, avara.ExpressUserRemoveParams(user))
			return err
		}},
	}
	for _, base := range []string{ts.URL, ts.URL + "/prefix/"} {
		client := avara.NewClient(option.WithBaseURL(base), option.WithAPIKey("k"), option.WithMaxRetries(0))
		prefix := strings.TrimSuffix(strings.TrimPrefix(base, ts.URL), "/") + "/v1/express/"
		for _, m := range methods {
			for _, id := range ids {
				before := ts.count()
				require.NoError(t, m.call(client, id), "%s(%q)", m.name, id)
				reqs := ts.requests()
				require.Len(t, reqs, before+1, "%s(%q) sends one request", m.name, id)
				got := reqs[before]
				mu.Lock()
				uri := uris[before]
				mu.Unlock()
				assert.Empty(t, got.RawQuery, "%s(%q) sent a query: %s", m.name, id, uri)
				require.True(t, strings.HasPrefix(got.Path, prefix) && strings.HasSuffix(got.Path, m.suffix),
					"%s(%q) sent %s", m.name, id, uri)
				seg := strings.TrimSuffix(strings.TrimPrefix(got.Path, prefix), m.suffix)
				assert.NotContains(t, seg, "/", "%s(%q): the id spans segments: %s", m.name, id, uri)
				decoded, err := url.PathUnescape(seg)
				require.NoError(t, err)
				assert.Equal(t, id, decoded, "%s(%q) sent %s", m.name, id, uri)
				assert.Equal(t, got.Path, uri, "%s(%q): the request line is exactly the escaped path", m.name, id)
			}
		}
	}

	// The fake, which routes on the escaped path, sees each of them as an
	// id of the customer route, never as another route: 400 (not a valid
	// id) for every one, never 404 "no such route" or 405.
	srv := avaratest.NewServer()
	t.Cleanup(srv.Close)
	client := avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey), option.WithMaxRetries(0))
	for _, id := range ids {
		_, err := client.Express.Get(ctx, id)
		assert.ErrorIs(t, err, avara.ErrBadRequest, "Get(%q)", id)
		_, err = client.Express.Users.Add(ctx, id, avara.ExpressUserAddParams{UserID: "usr_00000000000000000000000000000001"})
		assert.ErrorIs(t, err, avara.ErrBadRequest, "Users.Add(%q)", id)
	}
	for _, r := range srv.Requests() {
		assert.Empty(t, r.Query, r.Path)
		assert.True(t, strings.HasPrefix(r.Path, "/v1/express/"), r.Path)
	}

	// A cursor is a query value, never query syntax.
	listClient := avara.NewClient(option.WithBaseURL(ts.URL), option.WithAPIKey("k"), option.WithMaxRetries(0))
	_, err := listClient.Express.List(ctx, avara.ExpressListParams{Cursor: avara.String("c&limit=1000#x"), Limit: avara.Int(5)})
	require.NoError(t, err)
	reqs := ts.requests()
	assert.Equal(t, url.Values{"cursor": {"c&limit=1000#x"}, "limit": {"5"}}, reqs[len(reqs)-1].Query)
}

// secRedirector answers every request with a redirect to target (plus the
// request's path), and records the Authorization header it was sent.
func secRedirector(t *testing.T, status int, target func(r *http.Request) string) (*httptest.Server, *[]string) {
	var (
		mu   sync.Mutex
		auth []string
	)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth = append(auth, r.Header.Get("Authorization"))
		mu.Unlock()
		http.Redirect(w, r, target(r), status)
	}))
	t.Cleanup(ts.Close)
	return ts, &auth
}

// secRecorder answers a customer and records the Authorization header and
// body it was sent.
func secRecorder(t *testing.T) (*httptest.Server, func() (auth []string, bodies []string)) {
	var (
		mu           sync.Mutex
		auth, bodies []string
	)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		auth = append(auth, r.Header.Get("Authorization"))
		bodies = append(bodies, string(b))
		mu.Unlock()
		_, _ = io.WriteString(w, `{"expressCustomerId":"cus_1","expressCustomerName":"n"}`)
	}))
	t.Cleanup(ts.Close)
	return ts, func() ([]string, []string) {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), auth...), append([]string(nil), bodies...)
	}
}

// TestSecurityRedirects: the API key follows a redirect only to the same
// origin (scheme, host and port). net/http alone compares host names only,
// so it would hand the key to another port of the same host, or to plain
// http after https; the SDK's default client is stricter. 127.0.0.1 and
// localhost are different hosts to both.
func TestSecurityRedirects(t *testing.T) {
	ctx := context.Background()
	const key = "sk-redirect-test-key"

	for _, tc := range []struct {
		name   string
		target func(dst *httptest.Server) string // dst's base URL as the redirect names it
	}{
		{"to another host (127.0.0.1 → localhost)", func(dst *httptest.Server) string {
			return strings.Replace(dst.URL, "127.0.0.1", "localhost", 1)
		}},
		{"to another port of the same host", func(dst *httptest.Server) string { return dst.URL }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
				dst, sent := secRecorder(t)
				src, srcAuth := secRedirector(t, status, func(r *http.Request) string { return tc.target(dst) + r.URL.Path })
				client := avara.NewClient(option.WithBaseURL(src.URL), option.WithAPIKey(key), option.WithMaxRetries(0))

				_, err := client.Express.Update(ctx, "cus_1", avara.ExpressUpdateParams{ExpressCustomerName: avara.String("n")})
				require.NoError(t, err, "the redirect is followed")
				auth, bodies := sent()
				require.Len(t, auth, 1, "%d: the redirect reached the other server", status)
				assert.Equal(t, []string{"Bearer " + key}, *srcAuth, "the server named by the base URL gets the key")
				assert.Empty(t, auth[0], "%d: the other origin must not get the key", status)
				if status != http.StatusFound { // 302 turns PATCH into GET without a body
					assert.JSONEq(t, `{"expressCustomerName":"n"}`, bodies[0], "%d keeps the body", status)
				}
			}
		})
	}

	t.Run("to the same origin keeps working, with the key", func(t *testing.T) {
		var (
			mu   sync.Mutex
			auth []string
		)
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			auth = append(auth, r.Header.Get("Authorization"))
			mu.Unlock()
			if r.URL.Path == "/v1/express/cus_old" {
				http.Redirect(w, r, "/v1/express/cus_new", http.StatusMovedPermanently)
				return
			}
			_, _ = io.WriteString(w, `{"expressCustomerId":"cus_new"}`)
		}))
		t.Cleanup(ts.Close)
		client := avara.NewClient(option.WithBaseURL(ts.URL), option.WithAPIKey(key), option.WithMaxRetries(0))
		c, err := client.Express.Get(ctx, "cus_old")
		require.NoError(t, err)
		assert.Equal(t, "cus_new", c.ExpressCustomerID)
		assert.Equal(t, []string{"Bearer " + key, "Bearer " + key}, auth)
	})

	t.Run("the default client's policy, for redirects no local test server can make", func(t *testing.T) {
		hc, ok := requestconfig.DefaultHTTPClient.(*http.Client)
		require.True(t, ok)
		require.NotNil(t, hc.CheckRedirect)
		for _, tc := range []struct {
			from, to string
			keep     bool
		}{
			{"https://api.avarasoftware.com/v1/express", "https://api.avarasoftware.com/v1/other", true},
			{"https://api.avarasoftware.com/v1/express", "https://API.avarasoftware.com:443/v1/other", true},
			{"https://api.avarasoftware.com/v1/express", "http://api.avarasoftware.com/v1/express", false}, // a downgrade to plain text
			{"https://api.avarasoftware.com/v1/express", "https://api.avarasoftware.com:8443/v1/express", false},
			{"https://api.avarasoftware.com/v1/express", "https://sub.api.avarasoftware.com/v1/express", false},
			{"https://api.avarasoftware.com/v1/express", "https://evil.example/v1/express", false},
		} {
			from, _ := http.NewRequest(http.MethodGet, tc.from, nil)
			to, _ := http.NewRequest(http.MethodGet, tc.to, nil)
			to.Header.Set("Authorization", "Bearer "+key)
			require.NoError(t, hc.CheckRedirect(to, []*http.Request{from}))
			assert.Equal(t, tc.keep, to.Header.Get("Authorization") != "", "%s → %s", tc.from, tc.to)
		}
		var via []*http.Request
		for range 10 {
			r, _ := http.NewRequest(http.MethodGet, "https://api.avarasoftware.com/", nil)
			via = append(via, r)
		}
		r, _ := http.NewRequest(http.MethodGet, "https://api.avarasoftware.com/", nil)
		assert.Error(t, hc.CheckRedirect(r, via), "a redirect loop still ends after 10")
	})
}

// secNoNetwork is an HTTP client that never sends anything: it records the
// hosts it was asked for and fails.
type secNoNetwork struct {
	mu    sync.Mutex
	hosts []string
}

func (d *secNoNetwork) Do(r *http.Request) (*http.Response, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.hosts = append(d.hosts, r.URL.Host)
	return nil, errors.New("secNoNetwork: not sending anything")
}

// TestSecurityInsecureBaseURLWarnsOnce: a plain-http base URL to another
// machine sends the key in clear text; the SDK warns once per host, on the
// debug logger or else slog's default, and never for loopback or https.
// No traffic leaves the machine: the HTTP client refuses to send.
func TestSecurityInsecureBaseURLWarnsOnce(t *testing.T) {
	ctx := context.Background()
	// A host of its own per run, since the SDK remembers the hosts it
	// warned about for the life of the process (go test -count=2).
	host := func() string { return fmt.Sprintf("10.255.%d.%d", mrand.IntN(256), 1+mrand.IntN(254)) }
	count := func(logs string) int { return strings.Count(logs, "plain http") }

	t.Run("on the debug logger", func(t *testing.T) {
		var logs lockedBuffer
		doer := &secNoNetwork{}
		h := host()
		for range 2 {
			client := avara.NewClient(option.WithBaseURL("http://"+h+":8080"), option.WithAPIKey("k"), option.WithHTTPClient(doer),
				option.WithMaxRetries(0), option.WithDebugLog(secJSONLogger(&logs)))
			for range 3 {
				_, err := client.Express.Get(ctx, "cus_1")
				require.ErrorContains(t, err, "not sending anything")
			}
		}
		assert.Equal(t, 1, count(logs.String()), logs.String())
		assert.Contains(t, logs.String(), `"level":"WARN"`)
		assert.Contains(t, logs.String(), h)
		assert.Len(t, doer.hosts, 6)
		for _, got := range doer.hosts {
			assert.Equal(t, h+":8080", got)
		}
	})

	t.Run("on slog's default logger without a debug logger", func(t *testing.T) {
		var logs lockedBuffer
		old := slog.Default()
		slog.SetDefault(secJSONLogger(&logs))
		t.Cleanup(func() { slog.SetDefault(old) })
		h := host()
		client := avara.NewClient(option.WithBaseURL("http://"+h), option.WithAPIKey("k"),
			option.WithHTTPClient(&secNoNetwork{}), option.WithMaxRetries(0))
		for range 3 {
			_, err := client.Express.Get(ctx, "cus_1")
			require.Error(t, err)
		}
		assert.Equal(t, 1, count(logs.String()), logs.String())
	})

	t.Run("never for loopback or https", func(t *testing.T) {
		var logs lockedBuffer
		old := slog.Default()
		slog.SetDefault(secJSONLogger(&logs))
		t.Cleanup(func() { slog.SetDefault(old) })
		for _, base := range []string{"http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1", "http://127.8.9.10:1", "https://" + host()} {
			client := avara.NewClient(option.WithBaseURL(base), option.WithAPIKey("k"),
				option.WithHTTPClient(&secNoNetwork{}), option.WithMaxRetries(0))
			_, err := client.Express.Get(ctx, "cus_1")
			require.Error(t, err)
		}
		assert.Zero(t, count(logs.String()), logs.String())
	})
}
