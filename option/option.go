// Package option holds the functional options that configure a client and a
// single call. Every option works in both places: options given to
// avara.NewClient apply to every call, and options given to one method call
// are applied after them, so they win for that call only.
//
// An option that is given a bad value (a negative retry count, an unparsable
// URL) does not panic: the call it applies to fails with an error that names
// the option.
package option

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/avara/avara-go/internal/requestconfig"
)

// RequestOption changes how a client or a call sends its requests.
type RequestOption = requestconfig.RequestOption

// HTTPClient is what WithHTTPClient accepts: *http.Client, or anything that
// sends a request and returns its response.
type HTTPClient = requestconfig.HTTPDoer

// MiddlewareNext passes a request on to the next middleware, or to the HTTP
// client after the last one.
type MiddlewareNext = requestconfig.MiddlewareNext

// Middleware wraps every attempt of a request, retries included. It may
// change the request, look at or replace the response, or fail the attempt;
// an error it returns itself is not retried.
type Middleware = requestconfig.Middleware

// WithAPIKey sets the API key, sent as "Authorization: Bearer <key>". It
// overrides the AVARA_API_KEY environment variable. The key never appears in
// errors, dumps or logs.
func WithAPIKey(key string) RequestOption {
	value := "Bearer " + key
	return func(cfg *requestconfig.RequestConfig) error {
		if key == "" {
			return errors.New("WithAPIKey: the key is empty")
		}
		cfg.Header["Authorization"] = []string{value}
		return nil
	}
}

// WithBaseURL sets the API's base URL, such as "http://127.0.0.1:4010" for a
// local fake. It overrides AVARA_BASE_URL. A path in it is kept as a prefix.
func WithBaseURL(base string) RequestOption {
	u, err := url.Parse(base)
	if err == nil && (u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
		err = errors.New("want an absolute http or https URL")
	}
	return func(cfg *requestconfig.RequestConfig) error {
		if err != nil {
			return fmt.Errorf("WithBaseURL(%q): %w", base, err)
		}
		cfg.BaseURL = u
		return nil
	}
}

// WithEnvironmentProduction points the client at the production API,
// https://api.avara.com. It is the default when AVARA_BASE_URL is unset.
func WithEnvironmentProduction() RequestOption {
	return WithBaseURL(requestconfig.DefaultBaseURL)
}

// WithHTTPClient sends requests with client instead of the SDK's default
// *http.Client (which has connection-pool and response-header timeouts set).
func WithHTTPClient(client HTTPClient) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if client == nil {
			return errors.New("WithHTTPClient: the client is nil")
		}
		cfg.HTTPClient = client
		return nil
	}
}

// WithHeader sets a request header, replacing any value it had.
func WithHeader(key, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Header.Set(key, value)
		return nil
	}
}

// WithHeaderAdd adds a value to a request header, keeping the values it had.
func WithHeaderAdd(key, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Header.Add(key, value)
		return nil
	}
}

// WithHeaderDel removes a request header.
func WithHeaderDel(key string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Header.Del(key)
		return nil
	}
}

// WithQuery sets a query parameter, replacing any value it had.
func WithQuery(key, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if cfg.Query == nil {
			cfg.Query = url.Values{}
		}
		cfg.Query.Set(key, value)
		return nil
	}
}

// WithQueryAdd adds a value to a query parameter.
func WithQueryAdd(key, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if cfg.Query == nil {
			cfg.Query = url.Values{}
		}
		cfg.Query.Add(key, value)
		return nil
	}
}

// WithQueryDel removes a query parameter.
func WithQueryDel(key string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Query.Del(key)
		return nil
	}
}

// WithJSONSet sets a field of the JSON request body, after the typed params
// are encoded: for fields the SDK does not model yet. path is a
// dot-separated list of object keys ("metadata.region"); value is encoded
// with encoding/json.
func WithJSONSet(path string, value any) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if path == "" {
			return errors.New("WithJSONSet: the path is empty")
		}
		cfg.SetJSON(path, value)
		return nil
	}
}

// WithRequestBody replaces the request body. body may be []byte, string, an
// io.Reader (read once, so it can be re-sent on retries) or any value, which
// is encoded with encoding/json.
func WithRequestBody(contentType string, body any) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		var b []byte
		switch v := body.(type) {
		case []byte:
			b = bytes.Clone(v)
		case string:
			b = []byte(v)
		case io.Reader:
			var err error
			if b, err = io.ReadAll(v); err != nil {
				return fmt.Errorf("WithRequestBody: reading the body: %w", err)
			}
		default:
			var err error
			if b, err = json.Marshal(v); err != nil {
				return fmt.Errorf("WithRequestBody: %w", err)
			}
		}
		cfg.Body = b
		cfg.Header.Set("Content-Type", contentType)
		return nil
	}
}

// WithMaxRetries sets how many times a failed request is retried (default
// 2). 0 turns retries off. A negative n fails the call with an error.
func WithMaxRetries(n int) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if n < 0 {
			return fmt.Errorf("WithMaxRetries(%d): must be 0 or more", n)
		}
		cfg.MaxRetries = n
		return nil
	}
}

// WithRequestTimeout bounds each attempt, including reading the response
// body. An attempt that times out is retried like a connection error; the
// context given to the call bounds the whole call, retries included.
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if d < 0 {
			return fmt.Errorf("WithRequestTimeout(%v): must be 0 (none) or more", d)
		}
		cfg.RequestTimeout = d
		return nil
	}
}

// WithMiddleware adds middleware around every attempt. Middleware runs in
// the order given, the first one outermost, after the client's own.
func WithMiddleware(mw ...Middleware) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		for _, m := range mw {
			if m == nil {
				return errors.New("WithMiddleware: a middleware is nil")
			}
		}
		cfg.Middlewares = append(cfg.Middlewares[:len(cfg.Middlewares):len(cfg.Middlewares)], mw...)
		return nil
	}
}

// WithResponseInto stores the last raw *http.Response of the call in *dst,
// also when the call fails. Its body has already been read by the SDK and is
// replaced by a reader over the same bytes.
func WithResponseInto(dst **http.Response) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.ResponseInto = dst
		return nil
	}
}

// WithResponseBodyInto decodes a successful response body into dst (a
// pointer) instead of the method's own result, which is then left empty.
func WithResponseBodyInto(dst any) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if dst == nil {
			return errors.New("WithResponseBodyInto: dst is nil")
		}
		cfg.ResponseBodyInto = dst
		return nil
	}
}

// WithIdempotencyKey sets the Idempotency-Key sent with a POST, PATCH or
// DELETE. Without it the SDK makes a random key per call; either way the
// key stays the same on every retry of that call, so the server applies the
// call once.
func WithIdempotencyKey(key string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.IdempotencyKey = key
		return nil
	}
}

// WithDebugLog logs one record per attempt (method, URL without query,
// status, attempt number, duration, request id) at debug level. Headers and
// bodies are never logged, so neither is the API key. A nil logger turns
// logging off.
func WithDebugLog(logger *slog.Logger) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Logger = logger
		return nil
	}
}

// WithPagePrefetch makes auto-paging fetch the next page while the caller
// works through the current one: at most one page ahead, cancelled when the
// loop stops early or the context ends. Off by default, since it spends a
// request the caller may never need.
func WithPagePrefetch(on bool) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.PagePrefetch = on
		return nil
	}
}
