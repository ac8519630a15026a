package avara_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/internal/fakeclock"
	"github.com/avara/avara-go/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests point the SDK at servers that misbehave on purpose. Each
// call must end in a typed error: *avara.Error for an HTTP answer,
// *avara.RequestError otherwise, matching ErrInvalidResponse when a 2xx
// answer cannot be used. Never a hang, a panic, or a success.
//
// An answer that would never end is cut by the per-attempt timeout,
// hosTimeout, and its error must say so (ErrAttemptTimeout). Every other
// case ends by itself; its attempts get hosPatience, so that a loaded
// machine cannot turn them into timeouts. No case bounds how long it may
// take: the outer 20 s context catches a hang.

const (
	hosTimeout  = 200 * time.Millisecond
	hosPatience = time.Minute
)

// hosTrickle writes one byte every 10 ms until the client goes away.
func hosTrickle(w http.ResponseWriter, r *http.Request) {
	f := w.(http.Flusher)
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		if _, err := io.WriteString(w, " "); err != nil {
			return
		}
		f.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-t.C:
		}
	}
}

// hosFlood writes as fast as it can until the client goes away.
func hosFlood(w http.ResponseWriter, _ *http.Request) {
	relStream(w, -1)
}

// hosCutShort declares a longer body than it sends, then drops the
// connection.
func hosCutShort(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"expressCustomerId":"cus_`)
		w.(http.Flusher).Flush()
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}
}

// hosRawServer accepts TCP connections and hands each to serve, for
// answers net/http's server would refuse to write.
func hosRawServer(t *testing.T, serve func(net.Conn)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				// Read the request head, so the client is not refused
				// while still writing.
				br := bufio.NewReader(c)
				for {
					line, err := br.ReadString('\n')
					if err != nil || line == "\r\n" {
						break
					}
				}
				serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return "http://" + ln.Addr().String()
}

func TestHostileServers(t *testing.T) {
	type want int
	const (
		wantAPIError       want = iota // *avara.Error with the given status
		wantInvalid                    // *avara.RequestError matching ErrInvalidResponse
		wantRequestError               // *avara.RequestError, not ErrInvalidResponse
		wantEitherRequest              // *avara.RequestError, whichever the bound or the timeout says
		wantTimeoutRequest             // *avara.RequestError matching context.DeadlineExceeded
	)
	hugeHeader := strings.Repeat("x", 2<<20)
	cases := []struct {
		name    string
		handler http.HandlerFunc
		raw     func(net.Conn) // instead of handler: a raw TCP answer
		want    want
		status  int
		timeout time.Duration // the attempt timeout, hosPatience unless set
		minTime time.Duration // the attempt timeout must have been waited for
	}{
		{name: "200 whose body never ends, slowly", handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			hosTrickle(w, r)
		}, want: wantTimeoutRequest, timeout: hosTimeout, minTime: hosTimeout},
		{name: "200 whose body never ends, fast", handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			hosFlood(w, r)
		}, want: wantEitherRequest, timeout: hosTimeout},
		{name: "500 whose body never ends, slowly", handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			hosTrickle(w, r)
		}, want: wantAPIError, status: 500, timeout: hosTimeout, minTime: hosTimeout},
		{name: "500 whose body never ends, fast", handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			hosFlood(w, r)
		}, want: wantAPIError, status: 500},
		{name: "headers that never come", handler: func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}, want: wantTimeoutRequest, timeout: hosTimeout, minTime: hosTimeout},
		{name: "malformed JSON", handler: func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"expressCustomerId": "cus_1", "isActive": tru`)
		}, want: wantInvalid},
		{name: "200 with an HTML error page", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>")
		}, want: wantInvalid},
		{name: "200 with an empty body", handler: func(w http.ResponseWriter, r *http.Request) {}, want: wantInvalid},
		{name: "200 with a JSON array", handler: func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `[{"expressCustomerId":"cus_1"}]`)
		}, want: wantInvalid},
		{name: "200 with JSON null", handler: func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `null`)
		}, want: wantInvalid},
		{name: "502 with an HTML page", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, "<html><body>Bad Gateway</body></html>")
		}, want: wantAPIError, status: 502},
		{name: "a header over 1 MiB on a 200", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Huge", hugeHeader)
			_, _ = io.WriteString(w, `{"expressCustomerId":"cus_1"}`)
		}, want: wantRequestError},
		{name: "a header over 1 MiB on a 500", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Huge", hugeHeader)
			w.WriteHeader(http.StatusInternalServerError)
		}, want: wantRequestError},
		{name: "200 closed mid-body", handler: hosCutShort(http.StatusOK), want: wantRequestError},
		{name: "500 closed mid-body", handler: hosCutShort(http.StatusInternalServerError), want: wantAPIError, status: 500},
		{name: "not HTTP at all", raw: func(c net.Conn) {
			_, _ = io.WriteString(c, "SSH-2.0-OpenSSH_9.6\r\n\r\n")
		}, want: wantRequestError},
		{name: "a status line and nothing more", raw: func(c net.Conn) {
			_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\n")
		}, want: wantRequestError},
		{name: "a negative Content-Length", raw: func(c net.Conn) {
			_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n{}")
		}, want: wantRequestError},
		{name: "an answer cut in the middle of a chunk", raw: func(c net.Conn) {
			_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n{\"expressCustomerId\"")
		}, want: wantRequestError},
		{name: "a closed connection", raw: func(net.Conn) {}, want: wantRequestError},
	}
	for _, tc := range cases {
		for _, retries := range []int{0, 1} {
			name := tc.name
			if retries > 0 {
				name += ", retried once"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				var base string
				if tc.raw != nil {
					base = hosRawServer(t, tc.raw)
				} else {
					ts := httptest.NewServer(tc.handler)
					t.Cleanup(ts.Close)
					base = ts.URL
				}
				timeout := tc.timeout
				if timeout == 0 {
					timeout = hosPatience
				}
				client := avara.NewClient(option.WithBaseURL(base), option.WithAPIKey("k"),
					option.WithRequestTimeout(timeout), option.WithMaxRetries(retries),
					withClock(realTimeouts{fakeclock.New(time.Unix(1e9, 0))}))
				// A call that hangs fails here rather than stalling CI.
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()

				start := time.Now()
				c, err := client.Express.Get(ctx, "cus_1")
				elapsed := time.Since(start)
				require.Error(t, err, "got %+v", c)
				require.Nil(t, c)
				require.NoError(t, ctx.Err(), "the call outlived its own bounds")
				t.Logf("%v after %v", err, elapsed.Round(time.Millisecond))

				assert.GreaterOrEqual(t, elapsed, tc.minTime)
				assert.Less(t, len(err.Error()), 2000, "the error message stays short")

				var apiErr *avara.Error
				var reqErr *avara.RequestError
				switch tc.want {
				case wantAPIError:
					require.ErrorAs(t, err, &apiErr)
					assert.Equal(t, tc.status, apiErr.StatusCode)
					assert.Equal(t, retries+1, apiErr.Attempts)
					assert.LessOrEqual(t, len(apiErr.RawJSON()), 1<<20, "an error body is read up to its bound only")
					_ = apiErr.DumpResponse(true)
				case wantInvalid:
					require.ErrorAs(t, err, &reqErr)
					require.ErrorIs(t, err, avara.ErrInvalidResponse)
					assert.Equal(t, 1, reqErr.Attempts, "a 2xx answer is final, even a broken one")
				case wantRequestError:
					require.ErrorAs(t, err, &reqErr)
					assert.NotErrorIs(t, err, avara.ErrInvalidResponse)
					assert.Equal(t, retries+1, reqErr.Attempts, "a broken connection is retried")
				case wantEitherRequest:
					require.ErrorAs(t, err, &reqErr)
					assert.True(t, errors.Is(err, avara.ErrInvalidResponse) || errors.Is(err, context.DeadlineExceeded), "%v", err)
				case wantTimeoutRequest:
					require.ErrorAs(t, err, &reqErr)
					require.ErrorIs(t, err, context.DeadlineExceeded)
					require.ErrorIs(t, err, avara.ErrAttemptTimeout, "the attempt timeout cut it, not the outer context")
					assert.Equal(t, retries+1, reqErr.Attempts, "an attempt that timed out is retried")
				}
			})
		}
	}
}
