package avara_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/internal/fakeclock"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/param"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	clCustomerID   = "cus_00000000000000000000000000000001"
	clUserID       = "usr_00000000000000000000000000000001"
	clCustomerJSON = `{"expressCustomerId":"` + clCustomerID + `","expressCustomerName":"City Medical Center","isActive":true,"userCount":2}`
	clSuccessJSON  = `{"success":true,"message":"done"}`
)

var clRandomKey = regexp.MustCompile(`[0-9a-f]{32}$`)

// clPlatformOS and clPlatformArch are the names the official Avara SDKs
// send for the platforms CI runs on.
var (
	clPlatformOS   = map[string]string{"linux": "Linux", "darwin": "MacOS", "windows": "Windows"}
	clPlatformArch = map[string]string{"amd64": "x64", "arm64": "arm64", "386": "x32"}
)

func TestClientSendsTheHeaders(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name        string
		answer      string
		call        func(c *avara.Client) error
		method      string
		path        string
		body        string // JSON; empty for none
		idempotency bool
	}{
		{
			name:   "a GET carries the key, Accept, User-Agent and retry count 0, but no Content-Type and no Idempotency-Key",
			answer: clCustomerJSON,
			call: func(c *avara.Client) error {
				_, err := c.Express.Get(ctx, clCustomerID)
				return err
			},
			method: http.MethodGet, path: "/v1/express/" + clCustomerID,
		},
		{
			name:   "a POST with a body also carries Content-Type: application/json and an Idempotency-Key",
			answer: clCustomerJSON,
			call: func(c *avara.Client) error {
				_, err := c.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "City Medical Center"})
				return err
			},
			method: http.MethodPost, path: "/v1/express", body: `{"expressCustomerName":"City Medical Center"}`, idempotency: true,
		},
		{
			name:   "a POST without a body carries an Idempotency-Key but no Content-Type",
			answer: clCustomerJSON,
			call: func(c *avara.Client) error {
				_, err := c.Express.Deactivate(ctx, clCustomerID)
				return err
			},
			method: http.MethodPost, path: "/v1/express/" + clCustomerID + "/deactivate", idempotency: true,
		},
		{
			name:   "a PATCH carries its body, Content-Type and an Idempotency-Key",
			answer: clCustomerJSON,
			call: func(c *avara.Client) error {
				_, err := c.Express.Update(ctx, clCustomerID, avara.ExpressUpdateParams{ExpressCustomerName: avara.String("New name")})
				return err
			},
			method: http.MethodPatch, path: "/v1/express/" + clCustomerID, body: `{"expressCustomerName":"New name"}`, idempotency: true,
		},
		{
			name:   "a DELETE carries its JSON body, Content-Type and an Idempotency-Key",
			answer: clSuccessJSON,
			call: func(c *avara.Client) error {
				_, err := c.Express.Users.Remove(ctx, clCustomerID, avara.ExpressUserRemoveParams{UserID: clUserID})
				return err
			},
			method: http.MethodDelete, path: "/v1/express/" + clCustomerID + "/users", body: `{"userId":"` + clUserID + `"}`, idempotency: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecordingServer(t, reply(http.StatusOK, tt.answer))
			require.NoError(t, tt.call(srv.client()))

			reqs := srv.requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, tt.method, r.Method)
			assert.Equal(t, tt.path, r.Path)
			assert.Equal(t, []string{"Bearer " + testKey}, r.Header.Values("Authorization"))
			assert.Equal(t, []string{"application/json"}, r.Header.Values("Accept"))
			assert.Equal(t, []string{"Avara/Go " + requestconfig.Version}, r.Header.Values("User-Agent"))
			assert.Equal(t, []string{"0"}, r.Header.Values("X-Stainless-Retry-Count"))
			// The official Avara SDKs' platform headers, by which Avara's
			// operators see their clients.
			for name, want := range map[string]string{
				"X-Stainless-Lang":            "go",
				"X-Stainless-Package-Version": requestconfig.Version,
				"X-Stainless-OS":              clPlatformOS[runtime.GOOS],
				"X-Stainless-Arch":            clPlatformArch[runtime.GOARCH],
				"X-Stainless-Runtime":         "go",
				"X-Stainless-Runtime-Version": runtime.Version(),
			} {
				assert.Equal(t, []string{want}, r.Header.Values(name), name)
			}
			if tt.body != "" {
				assert.Equal(t, []string{"application/json"}, r.Header.Values("Content-Type"))
				assert.JSONEq(t, tt.body, r.Body)
			} else {
				assert.Empty(t, r.Header.Values("Content-Type"), "no body, no Content-Type")
				assert.Empty(t, r.Body)
			}
			if tt.idempotency {
				assert.Len(t, r.Header.Values("Idempotency-Key"), 1)
				assert.Regexp(t, clRandomKey, r.Header.Get("Idempotency-Key"))
			} else {
				assert.Empty(t, r.Header.Values("Idempotency-Key"))
			}
		})
	}
}

func TestClientIdempotencyKey(t *testing.T) {
	ctx := context.Background()
	newParams := avara.ExpressNewParams{ExpressCustomerName: "City Medical Center"}

	t.Run("every retry of a POST carries the same key while X-Stainless-Retry-Count goes 0, 1, 2", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, retryNow(500), retryNow(500), reply(200, clCustomerJSON))
		_, err := srv.client().Express.New(ctx, newParams)
		require.NoError(t, err)

		reqs := srv.requests()
		require.Len(t, reqs, 3)
		keys := headersOf(reqs, "Idempotency-Key")
		require.NotEmpty(t, keys[0])
		assert.Equal(t, []string{keys[0], keys[0], keys[0]}, keys)
		assert.Equal(t, []string{"0", "1", "2"}, headersOf(reqs, "X-Stainless-Retry-Count"))
	})

	t.Run("every retry of a DELETE carries the same key", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, retryNow(503), reply(200, clSuccessJSON))
		ok, err := srv.client().Express.Users.Remove(ctx, clCustomerID, avara.ExpressUserRemoveParams{UserID: clUserID})
		require.NoError(t, err)
		assert.True(t, ok.Success)

		keys := headersOf(srv.requests(), "Idempotency-Key")
		require.Len(t, keys, 2)
		require.NotEmpty(t, keys[0])
		assert.Equal(t, keys[0], keys[1])
	})

	t.Run("each call gets its own random key", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		client := srv.client()
		for range 5 {
			_, err := client.Express.New(ctx, newParams)
			require.NoError(t, err)
		}
		seen := map[string]bool{}
		for _, k := range headersOf(srv.requests(), "Idempotency-Key") {
			assert.Regexp(t, clRandomKey, k)
			seen[k] = true
		}
		assert.Len(t, seen, 5, "five calls, five keys")
	})

	t.Run("WithIdempotencyKey on a call wins and is sent on every retry", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, retryNow(409), reply(200, clCustomerJSON))
		client := srv.client()
		_, err := client.Express.New(ctx, newParams, option.WithIdempotencyKey("order-42"))
		require.NoError(t, err)
		_, err = client.Express.New(ctx, newParams)
		require.NoError(t, err)

		keys := headersOf(srv.requests(), "Idempotency-Key")
		require.Len(t, keys, 3)
		assert.Equal(t, []string{"order-42", "order-42"}, keys[:2])
		assert.Regexp(t, clRandomKey, keys[2], "the next call makes its own key again")
	})

	t.Run("WithIdempotencyKey adds no key to a GET", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		_, err := srv.client().Express.Get(ctx, clCustomerID, option.WithIdempotencyKey("order-42"))
		require.NoError(t, err)
		assert.Equal(t, []string{""}, headersOf(srv.requests(), "Idempotency-Key"))
	})
}

// TestClientEnvironment cannot run in parallel: it sets the environment.
func TestClientEnvironment(t *testing.T) {
	ctx := context.Background()

	t.Run("AVARA_API_KEY and AVARA_BASE_URL configure a client built without options", func(t *testing.T) {
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		t.Setenv("AVARA_API_KEY", "sk-from-env")
		t.Setenv("AVARA_BASE_URL", srv.URL)

		_, err := avara.NewClient().Express.Get(ctx, clCustomerID)
		require.NoError(t, err)
		assert.Equal(t, []string{"Bearer sk-from-env"}, headersOf(srv.requests(), "Authorization"))
	})

	t.Run("WithAPIKey and WithBaseURL win over the environment", func(t *testing.T) {
		envSrv := newRecordingServer(t, reply(200, clCustomerJSON))
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		t.Setenv("AVARA_API_KEY", "sk-from-env")
		t.Setenv("AVARA_BASE_URL", envSrv.URL)

		_, err := avara.NewClient(option.WithAPIKey(testKey), option.WithBaseURL(srv.URL)).Express.Get(ctx, clCustomerID)
		require.NoError(t, err)
		assert.Equal(t, []string{"Bearer " + testKey}, headersOf(srv.requests(), "Authorization"))
		assert.Zero(t, envSrv.count(), "the environment's server is not used")
	})

	t.Run("with no environment and no base URL option, calls go to https://api.avarasoftware.com", func(t *testing.T) {
		t.Setenv("AVARA_BASE_URL", "")
		doer := &clDoer{}
		_, err := avara.NewClient(option.WithAPIKey(testKey), option.WithHTTPClient(doer)).Express.Get(ctx, clCustomerID)
		require.NoError(t, err)
		require.Len(t, doer.reqs, 1)
		assert.Equal(t, "https://api.avarasoftware.com/v1/express/"+clCustomerID, doer.reqs[0].URL.String())
	})

	t.Run("AVARA_CUSTOM_HEADERS adds its headers to every request, and WithHeader wins over it", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(1))
		t.Cleanup(srv.Close)
		t.Setenv("AVARA_CUSTOM_HEADERS", "X-Tenant: north\r\n\nX-Trace:  abc 123 \nX-Override: env")
		client := srv.Client(option.WithHeader("X-Override", "option"))
		_, err := client.Express.Get(ctx, srv.Customers()[0].ID)
		require.NoError(t, err)
		_, err = client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x"})
		require.NoError(t, err)
		reqs := srv.Requests()
		require.Len(t, reqs, 2)
		for _, r := range reqs {
			assert.Equal(t, []string{"north"}, r.Header.Values("X-Tenant"), r.Method)
			assert.Equal(t, []string{"abc 123"}, r.Header.Values("X-Trace"), r.Method)
			assert.Equal(t, []string{"option"}, r.Header.Values("X-Override"), r.Method)
		}
	})

	t.Run("a malformed AVARA_CUSTOM_HEADERS fails each call with an error naming it, without its values", func(t *testing.T) {
		for _, tt := range []struct{ env, want string }{
			{"X-Ok: 1\nno colon here", "environment variable AVARA_CUSTOM_HEADERS: line 2 has no colon"},
			{"Bad Name: secret-value", `environment variable AVARA_CUSTOM_HEADERS: line 1: header "Bad Name": the name must be a non-empty HTTP token`},
			{": secret-value", `environment variable AVARA_CUSTOM_HEADERS: line 1: header "": the name must be a non-empty HTTP token`},
		} {
			srv := newRecordingServer(t, reply(200, clCustomerJSON))
			t.Setenv("AVARA_CUSTOM_HEADERS", tt.env)
			_, err := srv.client().Express.Get(ctx, clCustomerID)
			require.Error(t, err, tt.env)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "secret-value")
			assert.Zero(t, srv.count(), "nothing is sent")
		}
	})

	t.Run("AVARA_LOG=debug logs each attempt to standard error, naming the operation, never the key", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(1))
		t.Cleanup(srv.Close)
		srv.InjectFault(avaratest.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "0", Times: 1})
		t.Setenv("AVARA_LOG", "debug")
		stderr := clCaptureStderr(t)
		client := srv.Client() // reads AVARA_LOG, and so os.Stderr, now
		_, err := client.Express.Get(ctx, srv.Customers()[0].ID)
		require.NoError(t, err)
		logged := stderr()
		lines := strings.Split(strings.TrimSpace(logged), "\n")
		require.Len(t, lines, 3, "two attempts and the retry between them:\n%s", logged)
		assert.Contains(t, lines[0], "level=DEBUG msg=\"avara request\" operation=Express.Get method=GET")
		assert.Contains(t, lines[0], "status=503")
		assert.Contains(t, lines[1], "level=INFO msg=\"avara retry\" operation=Express.Get")
		assert.Contains(t, lines[2], "attempt=1")
		assert.Contains(t, lines[2], "status=200")
		assert.NotContains(t, logged, srv.APIKey)
	})

	t.Run("AVARA_LOG=info logs the retries only, and an unknown level fails each call naming the variable", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(1))
		t.Cleanup(srv.Close)
		srv.InjectFault(avaratest.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "0", Times: 1})
		t.Setenv("AVARA_LOG", "INFO")
		stderr := clCaptureStderr(t)
		_, err := srv.Client().Express.Get(ctx, srv.Customers()[0].ID)
		require.NoError(t, err)
		logged := strings.TrimSpace(stderr())
		assert.Equal(t, 1, strings.Count(logged, "\n")+1, logged)
		assert.Contains(t, logged, `msg="avara retry"`)

		t.Setenv("AVARA_LOG", "verbose")
		_, err = srv.Client().Express.Get(ctx, srv.Customers()[0].ID)
		assert.ErrorContains(t, err, `environment variable AVARA_LOG: want info or debug, got "verbose"`)
	})

	t.Run("a malformed variable fails each call with an *InvalidParamsError naming it, and sends nothing", func(t *testing.T) {
		for _, tt := range []struct{ env, value, want string }{
			{"AVARA_BASE_URL", " http://127.0.0.1:1", `environment variable AVARA_BASE_URL: parse " http://127.0.0.1:1": first path segment in URL cannot contain colon`},
			{"AVARA_BASE_URL", "api.avarasoftware.com", `environment variable AVARA_BASE_URL: want an absolute http or https URL, got "api.avarasoftware.com"`},
			{"AVARA_LOG", "verbose", `environment variable AVARA_LOG: want info or debug, got "verbose"`},
			{"AVARA_CUSTOM_HEADERS", "no colon", `environment variable AVARA_CUSTOM_HEADERS: line 1 has no colon: want one "Name: value" per line`},
		} {
			srv := newRecordingServer(t, reply(200, clCustomerJSON))
			t.Setenv(tt.env, tt.value)
			_, err := srv.client().Express.Get(ctx, clCustomerID)
			require.ErrorIs(t, err, avara.ErrInvalidParams, tt.env)
			var bad *avara.InvalidParamsError
			require.ErrorAs(t, err, &bad)
			assert.Equal(t, tt.env, bad.Env)
			assert.Empty(t, bad.Option+bad.Param+bad.Method, "the variable is at fault, for every call of the client")
			assert.Equal(t, "avara: invalid params: "+tt.want, err.Error())
			assert.NotContains(t, err.Error(), "WithBaseURL", "an option the caller never gave is not named")
			assert.Zero(t, srv.count(), "nothing is sent")
			t.Setenv(tt.env, "")
		}
	})

	t.Run("the zero Client and zero services work from the defaults and the environment", func(t *testing.T) {
		srv := newRecordingServer(t, reply(200, clCustomerJSON), reply(200, clSuccessJSON), reply(200, `{}`))
		t.Setenv("AVARA_API_KEY", "sk-from-env")
		t.Setenv("AVARA_BASE_URL", srv.URL)

		var client avara.Client
		got, err := client.Express.Get(ctx, clCustomerID)
		require.NoError(t, err)
		assert.Equal(t, clCustomerID, got.ExpressCustomerID)
		var users avara.ExpressUserService
		ok, err := users.Add(ctx, clCustomerID, avara.ExpressUserAddParams{UserID: clUserID})
		require.NoError(t, err)
		assert.True(t, ok.Success)
		var none *avara.Client
		require.NoError(t, none.Get(ctx, "v1/things", nil, nil), "a nil *Client too")
		none.CloseIdleConnections()

		reqs := srv.requests()
		require.Len(t, reqs, 3)
		assert.Equal(t, []string{"Bearer sk-from-env", "Bearer sk-from-env", "Bearer sk-from-env"}, headersOf(reqs, "Authorization"))
		assert.Equal(t, "/v1/express/"+clCustomerID+"/users", reqs[1].Path)
		assert.NotEmpty(t, reqs[1].Header.Get("Idempotency-Key"))

		t.Setenv("AVARA_API_KEY", "")
		require.NotPanics(t, func() { _, err = client.Express.Get(ctx, clCustomerID) })
		assert.ErrorIs(t, err, avara.ErrInvalidParams, "without a key each call fails, as NewClient's would")
		assert.Len(t, srv.requests(), 3, "nothing more is sent")
	})

	t.Run("without an API key each call fails with an error saying how to set one, and sends nothing", func(t *testing.T) {
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		t.Setenv("AVARA_API_KEY", "")
		t.Setenv("AVARA_BASE_URL", srv.URL)
		client := avara.NewClient()

		_, err := client.Express.Get(ctx, clCustomerID)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "no API key")
		assert.Contains(t, err.Error(), "AVARA_API_KEY")
		assert.Contains(t, err.Error(), "option.WithAPIKey")
		var apiErr *avara.Error
		assert.False(t, errors.As(err, &apiErr), "not an answer from the API")

		_, err = client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x"})
		assert.ErrorContains(t, err, "AVARA_API_KEY")
		var bad *avara.InvalidParamsError
		require.ErrorAs(t, err, &bad)
		assert.Equal(t, "AVARA_API_KEY", bad.Env)
		assert.Zero(t, srv.count(), "nothing is sent")
	})
}

// clCaptureStderr points os.Stderr at a pipe until the test ends; the
// function it returns gives what was written so far, once the writers are
// done (the clients reading AVARA_LOG keep the os.Stderr of their making).
func clCaptureStderr(t *testing.T) func() string {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	saved := os.Stderr
	os.Stderr = w
	var buf bytes.Buffer
	copied := make(chan struct{})
	go func() {
		_, _ = io.Copy(&buf, r)
		close(copied)
	}()
	var once sync.Once
	finish := func() {
		once.Do(func() {
			os.Stderr = saved
			w.Close()
			<-copied
			r.Close()
		})
	}
	t.Cleanup(finish)
	return func() string {
		finish()
		return buf.String()
	}
}

func TestClientRetries(t *testing.T) {
	ok := reply(200, clCustomerJSON)
	tests := []struct {
		name       string
		steps      []step
		opts       []option.RequestOption
		wantSent   int
		wantStatus int // 0: the call succeeds
	}{
		{"500, 500 then 200 succeeds on the third request", []step{retryNow(500), retryNow(500), ok}, nil, 3, 0},
		{"a 500 on every attempt is sent three times, then returned", []step{retryNow(500)}, nil, 3, 500},
		{"408 is retried", []step{retryNow(408), ok}, nil, 2, 0},
		{"409 is retried", []step{retryNow(409), ok}, nil, 2, 0},
		{"429 is retried", []step{retryNow(429), ok}, nil, 2, 0},
		{"502 is retried", []step{retryNow(502), ok}, nil, 2, 0},
		{"503 is retried", []step{retryNow(503), ok}, nil, 2, 0},
		{"a 5xx with a JSON error body is retried", []step{reply(500, `{"error":{"message":"boom"}}`, "Retry-After-Ms", "1"), ok}, nil, 2, 0},
		{"409 with x-should-retry: false is tried once", []step{retryNow(409, "X-Should-Retry", "false"), ok}, nil, 1, 409},
		{"503 with x-should-retry: false is tried once", []step{retryNow(503, "X-Should-Retry", "false"), ok}, nil, 1, 503},
		{"400 with x-should-retry: true is retried", []step{retryNow(400, "X-Should-Retry", "true"), ok}, nil, 2, 0},
		{"400 is tried once", []step{retryNow(400), ok}, nil, 1, 400},
		{"401 is tried once", []step{retryNow(401), ok}, nil, 1, 401},
		{"404 is tried once", []step{retryNow(404), ok}, nil, 1, 404},
		{"422 is tried once", []step{retryNow(422), ok}, nil, 1, 422},
		{"a 200 with x-should-retry: true is not sent again", []step{reply(200, clCustomerJSON, "X-Should-Retry", "true"), retryNow(500)}, nil, 1, 0},
		{"WithMaxRetries(0) tries a 500 once", []step{retryNow(500), ok}, []option.RequestOption{option.WithMaxRetries(0)}, 1, 500},
		{"WithMaxRetries(4) tries a 500 five times", []step{retryNow(500)}, []option.RequestOption{option.WithMaxRetries(4)}, 5, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecordingServer(t, tt.steps...)
			got, err := srv.client().Express.Get(context.Background(), clCustomerID, tt.opts...)

			assert.Equal(t, tt.wantSent, srv.count(), "requests sent")
			if tt.wantStatus == 0 {
				require.NoError(t, err)
				assert.Equal(t, clCustomerID, got.ExpressCustomerID)
				return
			}
			var apiErr *avara.Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.wantStatus, apiErr.StatusCode)
			assert.Equal(t, tt.wantSent, apiErr.Attempts)
			if tt.wantSent > 1 {
				assert.Contains(t, err.Error(), fmt.Sprintf("(after %d attempts)", tt.wantSent))
			} else {
				assert.NotContains(t, err.Error(), "attempts")
			}
		})
	}
}

func TestClientRetryTiming(t *testing.T) {
	t.Run("429 with Retry-After: 1 waits a second before the retry", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(429, `{"error":{"message":"slow down"}}`, "Retry-After", "1"), reply(200, clCustomerJSON))
		clock := fakeclock.New(time.Unix(1e9, 0))
		_, err := srv.client(withClock(clock)).Express.Get(context.Background(), clCustomerID)
		require.NoError(t, err)
		assert.Equal(t, 2, srv.count())
		assert.Equal(t, []time.Duration{time.Second}, clock.Waits())
	})

	t.Run("a dropped connection is retried after a backoff, then succeeds", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, drop, reply(200, clCustomerJSON))
		clock := fakeclock.New(time.Unix(1e9, 0))
		got, err := srv.client(withClock(clock)).Express.New(context.Background(), avara.ExpressNewParams{ExpressCustomerName: "City Medical Center"})
		require.NoError(t, err)
		assert.Equal(t, clCustomerID, got.ExpressCustomerID)

		reqs := srv.requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, []string{"0", "1"}, headersOf(reqs, "X-Stainless-Retry-Count"))
		assert.Equal(t, reqs[0].Header.Get("Idempotency-Key"), reqs[1].Header.Get("Idempotency-Key"))
		assert.Equal(t, reqs[0].Body, reqs[1].Body)
		waits := clock.Waits()
		require.Len(t, waits, 1)
		assert.GreaterOrEqual(t, waits[0], 375*time.Millisecond, "the first backoff is 0.5 s less at most 25% jitter")
		assert.LessOrEqual(t, waits[0], 500*time.Millisecond)
	})

	t.Run("WithRetryBackoff sets the first wait and the cap", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, drop)
		clock := fakeclock.New(time.Unix(1e9, 0))
		_, err := srv.client(withClock(clock), option.WithRetryBackoff(100*time.Millisecond, 300*time.Millisecond), option.WithMaxRetries(4)).
			Express.Get(context.Background(), clCustomerID)
		require.Error(t, err)
		waits := clock.Waits()
		require.Len(t, waits, 4)
		for i, base := range []time.Duration{100, 200, 300, 300} {
			base *= time.Millisecond
			assert.GreaterOrEqual(t, waits[i], base-base/4, "wait %d", i)
			assert.LessOrEqual(t, waits[i], base, "wait %d", i)
		}
	})

	t.Run("a dropped connection on every attempt is a RequestError naming the attempts", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, drop)
		_, err := srv.client(option.WithMaxRetries(0)).Express.Get(context.Background(), clCustomerID)
		var reqErr *avara.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.Equal(t, 1, reqErr.Attempts)
		assert.Equal(t, 1, srv.count())
		var apiErr *avara.Error
		assert.False(t, errors.As(err, &apiErr))
	})
}

// TestClientRejectsBadOptions gives each bad option value once to a call
// and once to the client: either way the call fails before anything is
// sent, with an *avara.InvalidParamsError that matches ErrInvalidParams,
// names the option and the rule, and never quotes a header's value, which
// may be the API key.
func TestClientRejectsBadOptions(t *testing.T) {
	const secret = "sk_live_do_not_print"
	tests := []struct {
		name   string
		opt    option.RequestOption
		option string // the option the error names
		rule   string // what it says is wrong
	}{
		{"WithMaxRetries(-1)", option.WithMaxRetries(-1), "WithMaxRetries", "-1: must be 0 or more"},
		{"WithResponseInto(nil)", option.WithResponseInto(nil), "WithResponseInto", "dst is nil"},
		{"WithRequestBody with no content type", option.WithRequestBody("", `{}`), "WithRequestBody", "the content type is empty"},
		{"WithHeader with an empty name", option.WithHeader("", "x"), "WithHeader", `header "": the name must be a non-empty HTTP token`},
		{"WithHeaderAdd with a space in the name", option.WithHeaderAdd("X Trace", "x"), "WithHeaderAdd", `header "X Trace": the name must be a non-empty HTTP token`},
		{"WithHeader with a newline in the value", option.WithHeader("X-Note", "a\r\nX-Injected: 1"), "WithHeader", `header "X-Note": its value has the control character 0x0d at byte 1`},
		{"WithAPIKey with a newline in the key", option.WithAPIKey(secret + "\n"), "WithAPIKey", `header "Authorization": its value has the control character 0x0a at byte 27`},
		{"WithIdempotencyKey with a NUL byte", option.WithIdempotencyKey("key\x00"), "WithIdempotencyKey", `header "Idempotency-Key": its value has the control character 0x00 at byte 3`},
		{"WithIdempotencyKey with 256 characters", option.WithIdempotencyKey(strings.Repeat("k", 256)), "WithIdempotencyKey", "the key must be 1 to 255 characters, got 256"},
		{"WithIdempotencyKey with an empty key", option.WithIdempotencyKey(""), "WithIdempotencyKey", "the key must be 1 to 255 characters, got 0"},
		{"WithObserver(nil)", option.WithObserver(nil), "WithObserver", "the observer is nil"},
		{"WithRetryBackoff with a negative wait", option.WithRetryBackoff(-time.Second, time.Second), "WithRetryBackoff", "(-1s, 1s): want 0 <= initial <= max"},
		{"WithRetryBackoff with an initial wait over the cap", option.WithRetryBackoff(2*time.Second, time.Second), "WithRetryBackoff", "(2s, 1s): want 0 <= initial <= max"},
		{"WithHTTPClient(nil)", option.WithHTTPClient(nil), "WithHTTPClient", "the client is nil"},
		{"WithBaseURL without a scheme", option.WithBaseURL("api.avarasoftware.com"), "WithBaseURL", "want an absolute http or https URL"},
	}
	for _, tt := range tests {
		for _, on := range []string{"a call", "the client"} {
			t.Run(tt.name+" on "+on+" fails the call before sending, naming the option", func(t *testing.T) {
				t.Parallel()
				srv := newRecordingServer(t, reply(200, clCustomerJSON))
				var clientOpts, callOpts []option.RequestOption
				method := ""
				if on == "a call" {
					callOpts, method = append(callOpts, tt.opt), "Express.New: "
				} else {
					clientOpts = append(clientOpts, tt.opt)
				}
				var client *avara.Client
				require.NotPanics(t, func() { client = srv.client(clientOpts...) })
				_, err := client.Express.New(context.Background(), avara.ExpressNewParams{ExpressCustomerName: "x"}, callOpts...)
				require.ErrorIs(t, err, avara.ErrInvalidParams)
				var bad *avara.InvalidParamsError
				require.ErrorAs(t, err, &bad)
				assert.Equal(t, tt.option, bad.Option)
				assert.Empty(t, bad.Param+bad.Env, "an option is at fault, not a param or a variable")
				assert.Contains(t, err.Error(), "avara: invalid params: "+method+"option."+tt.option+": "+tt.rule)
				assert.NotContains(t, err.Error(), secret)
				assert.Zero(t, srv.count(), "nothing is sent")
			})
		}
	}
}

func TestClientIgnoresANilOption(t *testing.T) {
	var none option.RequestOption
	srv := newRecordingServer(t, reply(200, clCustomerJSON))
	client := srv.client(none)
	got, err := client.Express.Get(context.Background(), clCustomerID, none)
	require.NoError(t, err)
	assert.Equal(t, clCustomerID, got.ExpressCustomerID)
	assert.Equal(t, 1, srv.count())
}

// clSleeper is a clock whose waits last until their context ends; it tells
// sleeping each time one starts, so a test can end the context while the
// SDK waits, without racing a timer.
type clSleeper struct{ sleeping chan time.Duration }

func (clSleeper) Now() time.Time { return time.Unix(1e9, 0) }

func (clSleeper) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}

func (c clSleeper) Sleep(ctx context.Context, d time.Duration) error {
	c.sleeping <- d
	<-ctx.Done()
	return ctx.Err()
}

func TestClientTimeouts(t *testing.T) {
	ok := reply(200, clCustomerJSON)
	// The attempt timeouts here are real: what is tested is that an attempt
	// is cut off. The stalls outlast them by far, and no test bounds how
	// long a call may take, only what it ends with.
	forever := stall(time.Hour, ok)

	t.Run("an attempt over WithRequestTimeout is cut off and retried, and the retry succeeds", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, forever, ok)
		got, err := srv.client(option.WithRequestTimeout(200*time.Millisecond), option.WithRetryBackoff(0, 0)).
			Express.Get(context.Background(), clCustomerID)
		require.NoError(t, err)
		assert.Equal(t, clCustomerID, got.ExpressCustomerID)
		assert.Equal(t, []string{"0", "1"}, headersOf(srv.requests(), "X-Stainless-Retry-Count"))
	})

	t.Run("attempts that all time out end in an error matching ErrAttemptTimeout and context.DeadlineExceeded", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, forever)
		_, err := srv.client(option.WithRequestTimeout(50*time.Millisecond), option.WithMaxRetries(1), option.WithRetryBackoff(0, 0)).
			Express.Get(context.Background(), clCustomerID)
		require.Error(t, err)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, avara.ErrAttemptTimeout)
		var reqErr *avara.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.Equal(t, 2, reqErr.Attempts)
		assert.Contains(t, err.Error(), "(after 2 attempts)")
		assert.Equal(t, 2, srv.count())
	})

	t.Run("with no timeout set, each attempt at a server that never answers ends after the default 60 s", func(t *testing.T) {
		t.Parallel()
		arrived := make(chan struct{})
		never := func(w http.ResponseWriter, r *http.Request) {
			arrived <- struct{}{}
			<-r.Context().Done()
		}
		srv := newRecordingServer(t, never, never, never)
		clock := fakeclock.New(time.Unix(1e9, 0))
		done := make(chan error, 1)
		go func() {
			_, err := srv.client(withClock(clock)).Express.Get(context.Background(), clCustomerID)
			done <- err
		}()
		for attempt := range 3 {
			<-arrived
			clock.Advance(59 * time.Second)
			select {
			case err := <-done:
				t.Fatalf("attempt %d ended before 60 s: %v", attempt, err)
			default:
			}
			clock.Advance(time.Second)
		}
		err := <-done
		require.ErrorIs(t, err, avara.ErrAttemptTimeout)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), "attempt timed out after 1m0s (option.WithRequestTimeout)")
		var reqErr *avara.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.Equal(t, 3, reqErr.Attempts, "a timed-out attempt is retried, twice by default")
	})

	t.Run("a context deadline ends the call with context.DeadlineExceeded and no further attempt", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, forever)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		_, err := srv.client().Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x"})

		require.Error(t, err)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.NotErrorIs(t, err, avara.ErrAttemptTimeout, "the caller's deadline, not an attempt's")
		var reqErr *avara.RequestError
		assert.ErrorAs(t, err, &reqErr)
		// The call has returned, and the SDK sends nothing in the
		// background (TestMain fails the run on a leaked goroutine).
		assert.Equal(t, 1, srv.count(), "no attempt after the deadline")
	})

	t.Run("a context cancelled during the backoff returns at once, with no further attempt", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(503, `{"error":{"message":"later"}}`, "Retry-After", "5"), ok)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		clock := clSleeper{make(chan time.Duration)}
		done := make(chan error, 1)
		go func() {
			_, err := srv.client(withClock(clock)).Express.Get(ctx, clCustomerID)
			done <- err
		}()
		assert.Equal(t, 5*time.Second, <-clock.sleeping, "the SDK waits as the server asked")
		cancel()
		err := <-done

		require.Error(t, err)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 1, srv.count())
		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr, "the server's last answer is kept")
		assert.Equal(t, 503, apiErr.StatusCode)
		assert.Equal(t, 5*time.Second, apiErr.RetryAfter)
		assert.Contains(t, err.Error(), "context canceled (last attempt: avara: GET")
		assert.Contains(t, err.Error(), "503 Service Unavailable: later")
	})

	t.Run("a backoff that would end past the deadline is not waited: the last error comes back at once", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(500, `{"error":{"message":"down for maintenance"}}`, "Retry-After", "30"), ok)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		clock := fakeclock.New(time.Unix(1e9, 0))
		_, err := srv.client(withClock(clock)).Express.Get(ctx, clCustomerID)

		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 500, apiErr.StatusCode)
		assert.Equal(t, "down for maintenance", apiErr.Message)
		assert.Empty(t, clock.Waits())
		assert.Equal(t, 1, srv.count())
	})

	t.Run("an already cancelled context sends nothing", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, ok)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := srv.client().Express.Get(ctx, clCustomerID)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, srv.count())
	})
}

func TestClientRequestBody(t *testing.T) {
	ctx := context.Background()

	t.Run("the JSON body is re-sent intact on every retry", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, retryNow(500), retryNow(503), reply(200, clCustomerJSON))
		_, err := srv.client().Express.New(ctx, avara.ExpressNewParams{
			ExpressCustomerName: "City Medical Center",
			Metadata:            map[string]string{"region": "ne", "tier": "gold"},
		})
		require.NoError(t, err)

		bodies := bodiesOf(srv.requests())
		require.Len(t, bodies, 3)
		assert.JSONEq(t, `{"expressCustomerName":"City Medical Center","metadata":{"region":"ne","tier":"gold"}}`, bodies[0])
		assert.Equal(t, []string{bodies[0], bodies[0], bodies[0]}, bodies)
	})

	t.Run("a WithRequestBody reader is re-sent intact on every retry", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, retryNow(503), reply(200, `{}`))
		err := srv.client().Post(ctx, "v1/raw", nil, nil, option.WithRequestBody("text/plain", strings.NewReader("hello, avara")))
		require.NoError(t, err)

		reqs := srv.requests()
		assert.Equal(t, []string{"hello, avara", "hello, avara"}, bodiesOf(reqs))
		assert.Equal(t, []string{"text/plain", "text/plain"}, headersOf(reqs, "Content-Type"))
	})

	t.Run("each request sets GetBody, which replays the body", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clSuccessJSON))
		var replayed []string
		mw := func(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
			if assert.NotNil(t, r.GetBody, "GetBody is set") {
				for range 2 {
					rc, err := r.GetBody()
					require.NoError(t, err)
					b, _ := io.ReadAll(rc)
					replayed = append(replayed, string(b))
				}
			}
			return next(r)
		}
		_, err := srv.client(option.WithMiddleware(mw)).Express.Users.Add(ctx, clCustomerID, avara.ExpressUserAddParams{UserID: clUserID})
		require.NoError(t, err)
		sent := srv.requests()[0].Body
		assert.Equal(t, []string{sent, sent}, replayed)
	})
}

func TestClientPerCallOptions(t *testing.T) {
	ctx := context.Background()

	t.Run("a per-call header wins for that call only", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		client := srv.client(option.WithHeader("X-Tenant", "client"))
		for _, opts := range [][]option.RequestOption{nil, {option.WithHeader("X-Tenant", "call")}, nil} {
			_, err := client.Express.Get(ctx, clCustomerID, opts...)
			require.NoError(t, err)
		}
		assert.Equal(t, []string{"client", "call", "client"}, headersOf(srv.requests(), "X-Tenant"))
	})

	t.Run("a per-call API key wins for that call only", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		client := srv.client()
		for _, opts := range [][]option.RequestOption{{option.WithAPIKey("sk-other")}, nil} {
			_, err := client.Express.Get(ctx, clCustomerID, opts...)
			require.NoError(t, err)
		}
		assert.Equal(t, []string{"Bearer sk-other", "Bearer " + testKey}, headersOf(srv.requests(), "Authorization"))
	})

	t.Run("a per-call base URL wins for that call only", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		other := newRecordingServer(t, reply(200, clCustomerJSON))
		client := srv.client()
		_, err := client.Express.Get(ctx, clCustomerID, option.WithBaseURL(other.URL))
		require.NoError(t, err)
		_, err = client.Express.Get(ctx, clCustomerID)
		require.NoError(t, err)
		assert.Equal(t, 1, other.count())
		assert.Equal(t, 1, srv.count())
	})

	t.Run("per-call max retries win for that call only", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, retryNow(500))
		client := srv.client(option.WithMaxRetries(0))
		_, err := client.Express.Get(ctx, clCustomerID, option.WithMaxRetries(2))
		require.ErrorIs(t, err, avara.ErrServer)
		require.Equal(t, 3, srv.count())
		_, err = client.Express.Get(ctx, clCustomerID)
		require.ErrorIs(t, err, avara.ErrServer)
		assert.Equal(t, 4, srv.count(), "the next call is back to the client's 0 retries")
	})

	t.Run("a per-call query parameter and middleware apply to that call only", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		client := srv.client()
		var calls atomic.Int32
		mw := func(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
			calls.Add(1)
			return next(r)
		}
		_, err := client.Express.Get(ctx, clCustomerID, option.WithQuery("expand", "users"), option.WithMiddleware(mw))
		require.NoError(t, err)
		_, err = client.Express.Get(ctx, clCustomerID)
		require.NoError(t, err)
		reqs := srv.requests()
		assert.Equal(t, "users", reqs[0].Query.Get("expand"))
		assert.Empty(t, reqs[1].Query)
		assert.Equal(t, int32(1), calls.Load())
	})
}

func TestClientMiddleware(t *testing.T) {
	ctx := context.Background()

	t.Run("middlewares run in the order given, client's first, each around every attempt", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, retryNow(503), reply(200, clCustomerJSON))
		var mu sync.Mutex
		var trail []string
		record := func(name string) option.Middleware {
			return func(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
				n := r.Header.Get("X-Stainless-Retry-Count")
				mu.Lock()
				trail = append(trail, name+" in "+n)
				mu.Unlock()
				res, err := next(r)
				mu.Lock()
				trail = append(trail, fmt.Sprintf("%s out %s %d", name, n, res.StatusCode))
				mu.Unlock()
				return res, err
			}
		}
		client := srv.client(option.WithMiddleware(record("a")))
		_, err := client.Express.Get(ctx, clCustomerID, option.WithMiddleware(record("b"), record("c")))
		require.NoError(t, err)
		assert.Equal(t, []string{
			"a in 0", "b in 0", "c in 0", "c out 0 503", "b out 0 503", "a out 0 503",
			"a in 1", "b in 1", "c in 1", "c out 1 200", "b out 1 200", "a out 1 200",
		}, trail)
	})

	t.Run("a middleware's own error is not retried and reaches the caller", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		errDenied := errors.New("denied by policy")
		var calls atomic.Int32
		mw := func(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
			calls.Add(1)
			return nil, errDenied
		}
		_, err := srv.client(option.WithMiddleware(mw)).Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x"})
		assert.ErrorIs(t, err, errDenied)
		assert.Equal(t, int32(1), calls.Load())
		assert.Zero(t, srv.count())
	})

	t.Run("a middleware can change the request and replace the response", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		mw := func(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
			r.Header.Set("X-Trace-Id", "trace-1")
			res, err := next(r)
			if err == nil {
				res.Body.Close()
				res.Body = io.NopCloser(strings.NewReader(`{"expressCustomerId":"cus_from_middleware"}`))
				res.ContentLength = -1
			}
			return res, err
		}
		got, err := srv.client(option.WithMiddleware(mw)).Express.Get(ctx, clCustomerID)
		require.NoError(t, err)
		assert.Equal(t, "cus_from_middleware", got.ExpressCustomerID)
		assert.Equal(t, []string{"trace-1"}, headersOf(srv.requests(), "X-Trace-Id"))
	})

	t.Run("WithMiddleware(nil) fails the call instead of panicking", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		_, err := srv.client().Express.Get(ctx, clCustomerID, option.WithMiddleware(nil))
		assert.ErrorContains(t, err, "WithMiddleware")
		assert.Zero(t, srv.count())
	})
}

// clDoer is an HTTP client that is not an *http.Client: it records requests
// and answers them itself.
type clDoer struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (d *clDoer) Do(r *http.Request) (*http.Response, error) {
	d.mu.Lock()
	d.reqs = append(d.reqs, r)
	d.mu.Unlock()
	return &http.Response{
		StatusCode: 200,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(clCustomerJSON)),
		Request:    r,
	}, nil
}

func TestClientOptions(t *testing.T) {
	ctx := context.Background()

	t.Run("WithQuery sets, WithQueryAdd adds and WithQueryDel removes query parameters", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, `{}`))
		params := url.Values{"a": {"1"}, "drop": {"x"}}
		err := srv.client(option.WithQueryAdd("tag", "client")).Get(ctx, "v1/things", params, nil,
			option.WithQuery("a", "2"), option.WithQueryAdd("tag", "call"), option.WithQueryDel("drop"))
		require.NoError(t, err)
		assert.Equal(t, url.Values{"a": {"2"}, "tag": {"client", "call"}}, srv.requests()[0].Query)
		assert.Equal(t, url.Values{"a": {"1"}, "drop": {"x"}}, params, "the caller's values are not changed")
	})

	t.Run("WithHeaderAdd adds a value and WithHeaderDel removes a header", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		client := srv.client(option.WithHeaderAdd("X-Multi", "client"), option.WithHeader("X-Gone", "1"))
		_, err := client.Express.Get(ctx, clCustomerID, option.WithHeaderAdd("X-Multi", "call"), option.WithHeaderDel("X-Gone"))
		require.NoError(t, err)
		_, err = client.Express.Get(ctx, clCustomerID)
		require.NoError(t, err)
		reqs := srv.requests()
		assert.Equal(t, []string{"client", "call"}, reqs[0].Header.Values("X-Multi"))
		assert.Empty(t, reqs[0].Header.Values("X-Gone"))
		assert.Equal(t, []string{"client"}, reqs[1].Header.Values("X-Multi"))
		assert.Equal(t, []string{"1"}, reqs[1].Header.Values("X-Gone"))
	})

	t.Run("WithJSONSet sets nested fields of the typed body", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		_, err := srv.client().Express.New(ctx, avara.ExpressNewParams{
			ExpressCustomerName: "City Medical Center",
			Metadata:            map[string]string{"tier": "gold"},
		}, option.WithJSONSet("metadata.region", "ne"), option.WithJSONSet("settings.limits.seats", 25))
		require.NoError(t, err)
		r := srv.requests()[0]
		assert.JSONEq(t, `{"expressCustomerName":"City Medical Center","metadata":{"tier":"gold","region":"ne"},"settings":{"limits":{"seats":25}}}`, r.Body)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	})

	t.Run("WithRequestBody replaces the body and its Content-Type", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		_, err := srv.client().Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "ignored"},
			option.WithRequestBody("application/merge-patch+json", []byte(`{"expressCustomerName":"raw"}`)))
		require.NoError(t, err)
		r := srv.requests()[0]
		assert.Equal(t, `{"expressCustomerName":"raw"}`, r.Body)
		assert.Equal(t, "application/merge-patch+json", r.Header.Get("Content-Type"))
	})

	t.Run("WithResponseInto hands back a success's response with its body still readable", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON, "X-Request-Id", "req_ok"))
		var res *http.Response
		got, err := srv.client().Express.Get(ctx, clCustomerID, option.WithResponseInto(&res))
		require.NoError(t, err)
		require.NotNil(t, res)
		assert.Equal(t, clCustomerID, got.ExpressCustomerID)
		assert.Equal(t, 200, res.StatusCode)
		assert.Equal(t, "req_ok", res.Header.Get("X-Request-Id"))
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		assert.JSONEq(t, clCustomerJSON, string(b))
	})

	t.Run("WithResponseInto hands back a failure's response with its body still readable", func(t *testing.T) {
		t.Parallel()
		body := `{"error":{"type":"not_found","message":"no such customer"}}`
		srv := newRecordingServer(t, reply(404, body))
		var res *http.Response
		_, err := srv.client().Express.Get(ctx, clCustomerID, option.WithResponseInto(&res))
		require.ErrorIs(t, err, avara.ErrNotFound)
		require.NotNil(t, res)
		assert.Equal(t, 404, res.StatusCode)
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		assert.Equal(t, body, string(b))
	})

	t.Run("WithResponseBodyInto decodes the body into a map instead of the result", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, `{"expressCustomerId":"`+clCustomerID+`","newField":{"a":[1,2]}}`))
		var m map[string]any
		got, err := srv.client().Express.Get(ctx, clCustomerID, option.WithResponseBodyInto(&m))
		require.NoError(t, err)
		assert.Equal(t, clCustomerID, m["expressCustomerId"])
		assert.Equal(t, map[string]any{"a": []any{1.0, 2.0}}, m["newField"])
		assert.Empty(t, got.ExpressCustomerID, "the method's own result is left empty")
	})

	t.Run("WithHTTPClient sends through any Do implementation", func(t *testing.T) {
		t.Parallel()
		doer := &clDoer{}
		client := avara.NewClient(option.WithAPIKey(testKey), option.WithBaseURL("https://avara.invalid/base"), option.WithHTTPClient(doer))
		got, err := client.Express.Update(ctx, clCustomerID, avara.ExpressUpdateParams{ExpressCustomerName: avara.String("n")})
		require.NoError(t, err)
		assert.Equal(t, clCustomerID, got.ExpressCustomerID)
		require.Len(t, doer.reqs, 1)
		r := doer.reqs[0]
		assert.Equal(t, http.MethodPatch, r.Method)
		assert.Equal(t, "https://avara.invalid/base/v1/express/"+clCustomerID, r.URL.String())
		assert.Equal(t, "Bearer "+testKey, r.Header.Get("Authorization"))
		assert.NotEmpty(t, r.Header.Get("Idempotency-Key"))
	})

	t.Run("WithEnvironmentProduction on a call points it at https://api.avarasoftware.com", func(t *testing.T) {
		t.Parallel()
		doer := &clDoer{}
		client := avara.NewClient(option.WithAPIKey(testKey), option.WithBaseURL("http://127.0.0.1:1"), option.WithHTTPClient(doer))
		_, err := client.Express.Get(ctx, clCustomerID, option.WithEnvironmentProduction())
		require.NoError(t, err)
		require.Len(t, doer.reqs, 1)
		assert.Equal(t, "https://api.avarasoftware.com/v1/express/"+clCustomerID, doer.reqs[0].URL.String())
	})
}

func TestClientErrors(t *testing.T) {
	ctx := context.Background()
	noRetry := option.WithMaxRetries(0)

	t.Run("an *Error built in code, as a caller's own fake returns it, reads plainly", func(t *testing.T) {
		tests := []struct {
			err  *avara.Error
			want string
		}{
			{&avara.Error{StatusCode: 404, Message: "no such customer"}, "avara: 404 Not Found: no such customer"},
			{&avara.Error{StatusCode: 599}, "avara: 599"},
			{&avara.Error{}, "avara: 0"},
		}
		for _, tt := range tests {
			assert.Equal(t, tt.want, tt.err.Error())
		}
	})

	t.Run("an *Error carries status, message, type, param and request id from a nested error body", func(t *testing.T) {
		t.Parallel()
		body := `{"error":{"type":"invalid_request_error","message":"name is required","param":"expressCustomerName"}}`
		srv := newRecordingServer(t, reply(400, body, "X-Request-Id", "req_400"))
		_, err := srv.client().Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x"})

		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 400, apiErr.StatusCode)
		assert.Equal(t, "name is required", apiErr.Message)
		assert.Equal(t, "invalid_request_error", apiErr.Type)
		assert.Equal(t, "expressCustomerName", apiErr.Param)
		assert.Equal(t, "req_400", apiErr.RequestID)
		assert.Equal(t, 1, apiErr.Attempts)
		assert.Equal(t, body, apiErr.RawJSON())
		require.NotNil(t, apiErr.Request)
		assert.Equal(t, http.MethodPost, apiErr.Request.Method)
		assert.Equal(t, srv.URL+"/v1/express", apiErr.Request.URL.String())
		require.NotNil(t, apiErr.Response)
		assert.Equal(t, 400, apiErr.Response.StatusCode)
	})

	t.Run("Message falls back to a top-level message", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(404, `{"message":"no such customer"}`))
		_, err := srv.client().Express.Get(ctx, clCustomerID)
		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "no such customer", apiErr.Message)
		assert.Empty(t, apiErr.Type)
	})

	t.Run("a body that is not JSON leaves Message empty and is kept raw", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(502, "upstream went away", "Content-Type", "text/plain"))
		_, err := srv.client(noRetry).Express.Get(ctx, clCustomerID)
		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Empty(t, apiErr.Message)
		assert.Equal(t, "upstream went away", apiErr.RawJSON())
		assert.True(t, strings.HasSuffix(err.Error(), ": 502 Bad Gateway"), err.Error())
	})

	t.Run("Error() reads avara: METHOD \"URL\": status: message (request id)", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(409, `{"error":{"type":"conflict","message":"customer is deactivated"}}`,
			"X-Request-Id", "req_123", "X-Should-Retry", "false"))
		_, err := srv.client().Express.Update(ctx, clCustomerID, avara.ExpressUpdateParams{ExpressCustomerName: avara.String("n")})
		require.Error(t, err)
		want := fmt.Sprintf(`avara: PATCH "%s/v1/express/%s": 409 Conflict: customer is deactivated (request req_123)`, srv.URL, clCustomerID)
		assert.Equal(t, want, err.Error())
	})

	t.Run("Error() says how many attempts were made when the retries are spent", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(500, `{"error":{"message":"boom"}}`, "Retry-After", "0", "X-Request-Id", "req_9"))
		_, err := srv.client().Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x"})
		require.Error(t, err)
		want := fmt.Sprintf(`avara: POST "%s/v1/express": 500 Internal Server Error: boom (request req_9) (after 3 attempts)`, srv.URL)
		assert.Equal(t, want, err.Error())
	})

	t.Run("Error() leaves out the query string", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(400, `{"error":{"message":"bad limit"}}`))
		_, err := srv.client().Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(500)})
		require.Error(t, err)
		assert.Equal(t, fmt.Sprintf(`avara: GET "%s/v1/express": 400 Bad Request: bad limit`, srv.URL), err.Error())
	})

	sentinels := map[string]error{
		"ErrBadRequest": avara.ErrBadRequest, "ErrUnprocessableEntity": avara.ErrUnprocessableEntity,
		"ErrUnauthorized": avara.ErrUnauthorized, "ErrForbidden": avara.ErrForbidden,
		"ErrNotFound": avara.ErrNotFound, "ErrConflict": avara.ErrConflict, "ErrRateLimited": avara.ErrRateLimited,
		"ErrServer": avara.ErrServer,
	}
	classes := []struct {
		status int
		want   string
	}{
		{400, "ErrBadRequest"}, {422, "ErrUnprocessableEntity"}, {401, "ErrUnauthorized"}, {403, "ErrForbidden"},
		{404, "ErrNotFound"}, {409, "ErrConflict"}, {429, "ErrRateLimited"}, {500, "ErrServer"}, {503, "ErrServer"},
		{418, ""},
	}
	for _, tc := range classes {
		name := fmt.Sprintf("errors.Is matches a %d to %s and no other sentinel", tc.status, tc.want)
		if tc.want == "" {
			name = fmt.Sprintf("errors.Is matches a %d to no sentinel", tc.status)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newRecordingServer(t, reply(tc.status, `{"error":{"message":"m"}}`))
			_, err := srv.client(noRetry).Express.Get(ctx, clCustomerID)
			require.Error(t, err)
			for sname, s := range sentinels {
				assert.Equal(t, sname == tc.want, errors.Is(err, s), sname)
			}
		})
	}

	t.Run("DumpRequest and DumpResponse show the exchange with the Authorization header redacted", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(409, `{"error":{"message":"customer is deactivated"}}`, "X-Request-Id", "req_123", "X-Should-Retry", "false"))
		_, err := srv.client().Express.Users.Add(ctx, clCustomerID, avara.ExpressUserAddParams{UserID: clUserID})
		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr)

		withBody := string(apiErr.DumpRequest(true))
		assert.Contains(t, withBody, "POST /v1/express/"+clCustomerID+"/users HTTP/1.1")
		assert.Contains(t, withBody, "Authorization: [redacted]")
		assert.Contains(t, withBody, `{"userId":"`+clUserID+`"}`)
		assert.Contains(t, withBody, "Idempotency-Key: ")
		assert.NotContains(t, string(apiErr.DumpRequest(false)), clUserID)
		assert.Equal(t, withBody, string(apiErr.DumpRequest(true)), "the body can be dumped again")

		res := string(apiErr.DumpResponse(true))
		assert.Contains(t, res, "HTTP/1.1 409 Conflict")
		assert.Contains(t, res, "X-Request-Id: req_123")
		assert.Contains(t, res, `{"error":{"message":"customer is deactivated"}}`)
		assert.NotContains(t, string(apiErr.DumpResponse(false)), "customer is deactivated")
		assert.Equal(t, "Bearer "+testKey, srv.requests()[0].Header.Get("Authorization"), "the real key was sent")
	})

	huge := `{"error":{"message":"` + strings.Repeat("x", 2<<20) + `"}}`
	for _, tc := range []struct {
		name   string
		header []string
	}{
		{"an error body over 1 MiB is read only up to the bound, and dumps as what was kept", nil},
		{"an error body over 1 MiB with a Content-Length is read only up to the bound, and dumps as what was kept", []string{"Content-Length", strconv.Itoa(len(huge))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecordingServer(t, reply(500, huge, tc.header...))
			_, err := srv.client(noRetry).Express.Get(ctx, clCustomerID)
			var apiErr *avara.Error
			require.ErrorAs(t, err, &apiErr)
			assert.Len(t, apiErr.RawJSON(), requestconfig.MaxErrorBodyBytes)
			assert.Equal(t, huge[:requestconfig.MaxErrorBodyBytes], apiErr.RawJSON())
			dump := apiErr.DumpResponse(true)
			assert.True(t, bytes.HasPrefix(dump, []byte("HTTP/1.1 500 Internal Server Error")), "%.80s", dump)
			assert.Contains(t, string(dump), huge[:1000])
			assert.Less(t, len(dump), requestconfig.MaxErrorBodyBytes+1024)
		})
	}

	t.Run("a 2xx body that is not JSON fails with ErrInvalidResponse and is not retried", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, "<html>maintenance</html>", "Content-Type", "text/html"))
		_, err := srv.client().Express.Get(ctx, clCustomerID)
		assert.ErrorIs(t, err, avara.ErrInvalidResponse)
		var reqErr *avara.RequestError
		assert.ErrorAs(t, err, &reqErr)
		var apiErr *avara.Error
		assert.False(t, errors.As(err, &apiErr))
		assert.Equal(t, 1, srv.count())
	})
}

func TestClientDebugLog(t *testing.T) {
	t.Run("one debug record per attempt with operation, method, url, status, attempt and duration, and an info record per retry", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, retryNow(503, "X-Request-Id", "req_a"), reply(200, clCustomerJSON, "X-Request-Id", "req_b"))
		var buf bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		_, err := srv.client(option.WithDebugLog(logger)).Express.List(context.Background(), avara.ExpressListParams{Limit: avara.Int(5)})
		require.NoError(t, err)

		var records []map[string]any
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			var rec map[string]any
			require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
			records = append(records, rec)
		}
		require.Len(t, records, 3)
		retry := records[1]
		assert.Equal(t, map[string]any{"level": "INFO", "msg": "avara retry", "operation": "Express.List", "method": "GET",
			"url": srv.URL + "/v1/express", "attempt": 0.0, "wait": 0.0, "time": retry["time"]}, retry)
		records = []map[string]any{records[0], records[2]}
		for i, rec := range records {
			assert.Equal(t, "DEBUG", rec["level"])
			assert.Equal(t, "Express.List", rec["operation"])
			assert.Equal(t, "GET", rec["method"])
			assert.Equal(t, srv.URL+"/v1/express", rec["url"], "the query is left out")
			assert.Equal(t, float64(i), rec["attempt"])
			assert.Contains(t, rec, "duration")
			assert.Greater(t, rec["duration"], 0.0)
		}
		assert.Equal(t, 503.0, records[0]["status"])
		assert.Equal(t, "req_a", records[0]["request_id"])
		assert.Equal(t, 200.0, records[1]["status"])
	})

	t.Run("each backoff wait and each retry the budget refuses gets an info record naming the operation", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(503, `{"error":{"message":"down"}}`))
		var buf lockedBuffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
		clock := fakeclock.New(time.Unix(1e9, 0))
		client := srv.client(withClock(clock), option.WithDebugLog(logger), option.WithRetryBudget(0, 0.1)) // one retry per window
		_, err := client.Express.Users.Add(context.Background(), clCustomerID, avara.ExpressUserAddParams{UserID: clUserID})
		require.ErrorIs(t, err, avara.ErrRetryBudgetExhausted)

		var records []map[string]any
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			var rec map[string]any
			require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
			records = append(records, rec)
		}
		require.Len(t, records, 2, buf.String())
		assert.Equal(t, "avara retry", records[0]["msg"])
		assert.Equal(t, "Express.Users.Add", records[0]["operation"])
		assert.Equal(t, float64(clock.Waits()[0]), records[0]["wait"], "the backoff waited, as the clock saw it")
		assert.InDelta(t, float64(440*time.Millisecond), records[0]["wait"], float64(65*time.Millisecond), "0.5 s less up to 25% jitter")
		assert.Equal(t, map[string]any{"level": "INFO", "msg": "avara retry refused: the client's retry budget is exhausted",
			"operation": "Express.Users.Add", "method": "POST", "url": srv.URL + "/v1/express/" + clCustomerID + "/users",
			"attempt": 1.0, "time": records[1]["time"]}, records[1])
		assert.Equal(t, 2, srv.count())
	})

	t.Run("WithDebugLog on a call logs that call only", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		var buf bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		client := srv.client()
		_, err := client.Express.Get(context.Background(), clCustomerID, option.WithDebugLog(logger))
		require.NoError(t, err)
		_, err = client.Express.Get(context.Background(), clCustomerID)
		require.NoError(t, err)
		assert.Equal(t, 1, strings.Count(buf.String(), "\n"))
	})

	t.Run("a logger above debug level records no attempt", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(200, clCustomerJSON))
		var buf bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
		_, err := srv.client(option.WithDebugLog(logger)).Express.Get(context.Background(), clCustomerID)
		require.NoError(t, err)
		assert.Empty(t, buf.String())
	})
}

type clPageQuery struct {
	Limit int      `url:"limit"`
	Tags  []string `url:"tag"`
	Skip  string   `url:"skip,omitempty"`
}

func TestClientRawEndpoints(t *testing.T) {
	ctx := context.Background()
	echo := func(w http.ResponseWriter, r *http.Request) {
		reply(200, `{"ok":true,"n":1}`)(w, r)
	}

	t.Run("Get sends a struct's url tags as the query and decodes into a map", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, echo)
		var res map[string]any
		require.NoError(t, srv.client().Get(ctx, "/v1/reports", clPageQuery{Limit: 10, Tags: []string{"a", "b"}}, &res))
		r := srv.requests()[0]
		assert.Equal(t, http.MethodGet, r.Method)
		assert.Equal(t, "/v1/reports", r.Path)
		assert.Equal(t, url.Values{"limit": {"10"}, "tag": {"a", "b"}}, r.Query)
		assert.Empty(t, r.Body)
		assert.Empty(t, r.Header.Get("Idempotency-Key"))
		assert.Equal(t, map[string]any{"ok": true, "n": 1.0}, res)
	})

	for _, tc := range []struct {
		method      string
		call        func(c *avara.Client, params, res any) error
		idempotency bool
	}{
		{http.MethodPost, func(c *avara.Client, p, r any) error { return c.Post(ctx, "v1/reports", p, r) }, true},
		{http.MethodPut, func(c *avara.Client, p, r any) error { return c.Put(ctx, "v1/reports", p, r) }, false},
		{http.MethodPatch, func(c *avara.Client, p, r any) error { return c.Patch(ctx, "v1/reports", p, r) }, true},
		{http.MethodDelete, func(c *avara.Client, p, r any) error { return c.Delete(ctx, "v1/reports", p, r) }, true},
	} {
		t.Run(tc.method+" sends params as a JSON body through the same pipeline", func(t *testing.T) {
			t.Parallel()
			srv := newRecordingServer(t, retryNow(503), echo)
			var res map[string]any
			require.NoError(t, tc.call(srv.client(), map[string]any{"name": "q1", "n": 2}, &res))
			reqs := srv.requests()
			require.Len(t, reqs, 2, "retried like any call")
			for _, r := range reqs {
				assert.Equal(t, tc.method, r.Method)
				assert.Equal(t, "/v1/reports", r.Path)
				assert.JSONEq(t, `{"name":"q1","n":2}`, r.Body)
				assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
				assert.Equal(t, "Bearer "+testKey, r.Header.Get("Authorization"))
				assert.Equal(t, tc.idempotency, r.Header.Get("Idempotency-Key") != "")
			}
			assert.Equal(t, reqs[0].Header.Get("Idempotency-Key"), reqs[1].Header.Get("Idempotency-Key"))
			assert.Equal(t, true, res["ok"])
		})
	}

	t.Run("Execute sends raw JSON bytes as they are and returns an *Error for a non-2xx", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, reply(404, `{"error":{"message":"no such report"}}`))
		var res map[string]any
		err := srv.client().Execute(ctx, http.MethodPost, "v1/reports/r1/run", []byte(`{"dry":true}`), &res)
		require.ErrorIs(t, err, avara.ErrNotFound)
		r := srv.requests()[0]
		assert.Equal(t, "/v1/reports/r1/run", r.Path)
		assert.Equal(t, `{"dry":true}`, r.Body)
		assert.Nil(t, res)
	})

	t.Run("Execute refuses, before sending, a path that would reach another endpoint", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, echo)
		for _, tt := range []struct{ path, want string }{
			{"v1/reports?limit=1", `avara: invalid params: Client.Execute: path "v1/reports?limit=1": has a '?'; give query parameters as params or with option.WithQuery`},
			{"v1/reports#top", `avara: invalid params: Client.Execute: path "v1/reports#top": has a '#'; give query parameters as params or with option.WithQuery`},
			{"v1/reports/../admin", `avara: invalid params: Client.Execute: path "v1/reports/../admin": has a ".." segment, which would resolve to another endpoint; escape ids with url.PathEscape`},
			{"v1/reports/./r1", `avara: invalid params: Client.Execute: path "v1/reports/./r1": has a "." segment, which would resolve to another endpoint; escape ids with url.PathEscape`},
			{"v1/reports/%2E%2E/admin", `avara: invalid params: Client.Execute: path "v1/reports/%2E%2E/admin": has a "%2E%2E" segment, which would resolve to another endpoint; escape ids with url.PathEscape`},
		} {
			err := srv.client().Get(ctx, tt.path, nil, nil)
			assert.EqualError(t, err, tt.want)
		}
		assert.Empty(t, srv.requests(), "nothing is sent")
		require.NoError(t, srv.client().Get(ctx, "v1/reports/r..1/"+url.PathEscape("a b"), nil, nil))
		assert.Equal(t, "/v1/reports/r..1/a%20b", srv.requests()[0].Path)
	})

	t.Run("url.Values given as params are not changed by the call's query options", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, echo)
		params := url.Values{"limit": {"10"}}
		require.NoError(t, srv.client().Get(ctx, "v1/reports", params, nil, option.WithQuery("limit", "20"), option.WithQueryAdd("x", "1")))
		assert.Equal(t, url.Values{"limit": {"20"}, "x": {"1"}}, srv.requests()[0].Query)
		assert.Equal(t, url.Values{"limit": {"10"}}, params)
	})

	t.Run("a params type given to Get is sent as its method sends it, extra fields included", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, echo)
		params := avara.ExpressListParams{Limit: avara.Int(20), Cursor: param.Null[string]()}
		params.SetExtraFields(map[string]any{"region": "eu", "limit": 30})
		require.NoError(t, srv.client().Get(ctx, "v1/express", params, nil))
		_, err := srv.client().Express.List(ctx, params)
		require.NoError(t, err)
		reqs := srv.requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, url.Values{"limit": {"30"}, "region": {"eu"}}, reqs[0].Query)
		assert.Equal(t, reqs[0].Query, reqs[1].Query)
	})

	t.Run("a path in the base URL is kept as a prefix", func(t *testing.T) {
		t.Parallel()
		srv := newRecordingServer(t, echo)
		client := avara.NewClient(option.WithAPIKey(testKey), option.WithBaseURL(srv.URL+"/proxy/avara/"))
		require.NoError(t, client.Get(ctx, "v1/reports", nil, nil))
		assert.Equal(t, "/proxy/avara/v1/reports", srv.requests()[0].Path)
	})
}

func TestClientConcurrentUse(t *testing.T) {
	t.Run("32 goroutines share one client and their per-call options never cross", func(t *testing.T) {
		var served atomic.Int32
		srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
			// Some first attempts fail, so retries run concurrently too;
			// a retry always succeeds.
			if served.Add(1)%7 == 0 && r.Header.Get("X-Stainless-Retry-Count") == "0" {
				reply(503, `{}`, "Retry-After-Ms", "1")(w, r)
				return
			}
			var body map[string]any
			_ = json.NewDecoder(r.Body).Decode(&body)
			out, _ := json.Marshal(map[string]any{
				"header": r.Header.Get("X-Caller"),
				"query":  r.URL.Query().Get("caller"),
				"body":   body["caller"],
				"key":    r.Header.Get("Idempotency-Key"),
			})
			reply(200, string(out))(w, r)
		})
		var attempts atomic.Int32
		var logs lockedBuffer
		client := srv.client(
			option.WithDebugLog(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
			option.WithMiddleware(func(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
				attempts.Add(1)
				return next(r)
			}),
			option.WithHeader("X-Caller", "client"),
		)
		shared := url.Values{"shared": {"1"}}

		const workers, calls = 32, 6
		var wg sync.WaitGroup
		errs := make(chan error, workers*calls)
		for g := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range calls {
					id := fmt.Sprintf("g%d-c%d", g, i)
					var res map[string]any
					var err error
					if i%2 == 0 {
						err = client.Get(context.Background(), "v1/echo", shared, &res,
							option.WithHeader("X-Caller", id), option.WithQuery("caller", id))
					} else {
						err = client.Post(context.Background(), "v1/echo", map[string]any{"caller": id}, &res,
							option.WithHeader("X-Caller", id), option.WithQuery("caller", id), option.WithIdempotencyKey("key-"+id))
					}
					if err != nil {
						errs <- fmt.Errorf("%s: %w", id, err)
						continue
					}
					want := map[string]any{"header": id, "query": id, "body": nil, "key": ""}
					if i%2 == 1 {
						want["body"], want["key"] = id, "key-"+id
					}
					if !assert.Equal(t, want, res, id) {
						errs <- fmt.Errorf("%s: crossed options", id)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		reqs := srv.requests()
		assert.Equal(t, int32(len(reqs)), attempts.Load(), "the middleware saw every attempt")
		assert.Greater(t, len(reqs), workers*calls, "some calls were retried")
		assert.Equal(t, len(reqs), strings.Count(logs.String(), `"msg":"avara request"`), "one log record per attempt")
		assert.Equal(t, len(reqs)-workers*calls, strings.Count(logs.String(), `"msg":"avara retry"`), "and one per retry")
		assert.Equal(t, url.Values{"shared": {"1"}}, shared)
	})
}
