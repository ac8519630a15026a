// Package avara is the Go client for the Avara API: Express customers, which
// group the users, studies and access rights of a medical organisation, and
// their users.
//
// Create one client and share it; it is safe for concurrent use and reuses
// connections:
//
//	client := avara.NewClient() // reads AVARA_API_KEY and AVARA_BASE_URL
//	c, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "City Medical Center"})
//
// Every method takes options (package option) that apply to that call only,
// on top of the client's. Failed requests are retried (2 times by default)
// with exponential backoff; a non-2xx answer is an *Error.
package avara

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
	"github.com/google/go-querystring/query"
)

//go:generate go run -C codegen . -root ..

// NewClient returns a client configured from the environment, then opts,
// as the official Avara SDKs read it:
//
//   - AVARA_API_KEY sets the API key;
//   - AVARA_WEBHOOK_KEY the key client.Webhooks verifies deliveries with;
//   - AVARA_BASE_URL the base URL (default https://api.avarasoftware.com);
//   - AVARA_CUSTOM_HEADERS adds headers to every request, one "Name: value"
//     per line;
//   - AVARA_LOG=info logs retries and their waits to standard error, and
//     AVARA_LOG=debug every attempt too (never a header or a body, so never
//     the API key).
//
// An explicit option wins over the variable it overlaps (option.WithAPIKey,
// WithBaseURL, WithHeader, WithDebugLog). A client without an API key can be
// built; each of its calls fails with an error saying how to set one, and
// so does each call of a client whose environment is malformed, naming the
// variable.
func NewClient(opts ...option.RequestOption) *Client {
	all := append(DefaultClientOptions(), opts...)
	// Last, so that what the client's calls share (its retry budget) is
	// built from every option above.
	all = append(all, requestconfig.ClientOption(all))
	c := &Client{options: clientOptions{opts: all}}
	c.setServices()
	return c
}

// DefaultClientOptions returns the options NewClient starts from, read from
// the environment (see NewClient).
func DefaultClientOptions() []option.RequestOption {
	defaults := []option.RequestOption{option.WithEnvironmentProduction()}
	if base := os.Getenv("AVARA_BASE_URL"); base != "" {
		defaults = append(defaults, fromEnv("AVARA_BASE_URL", option.WithBaseURL(base)))
	}
	if key := os.Getenv("AVARA_API_KEY"); key != "" {
		defaults = append(defaults, option.WithAPIKey(key))
	}
	if key := os.Getenv("AVARA_WEBHOOK_KEY"); key != "" {
		defaults = append(defaults, option.WithWebhookKey(key))
	}
	if h, ok := os.LookupEnv("AVARA_CUSTOM_HEADERS"); ok {
		defaults = append(defaults, customHeaders(h))
	}
	if level, ok := os.LookupEnv("AVARA_LOG"); ok && level != "" {
		defaults = append(defaults, envLog(level))
	}
	return defaults
}

// fromEnv names the environment variable in the error of an option made
// from it.
func fromEnv(name string, o option.RequestOption) option.RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if err := o(cfg); err != nil {
			return fmt.Errorf("environment variable %s: %w", name, err)
		}
		return nil
	}
}

// customHeaders reads AVARA_CUSTOM_HEADERS: "Name: value" lines, separated
// by newlines (a CR before one is ignored), blank lines skipped. A line
// without a colon, or a name or value net/http would refuse, fails every
// call of the client with an error naming the variable and the line, never
// quoting a value, which may be a secret.
func customHeaders(env string) option.RequestOption {
	var names, values []string
	var err error
	for i, line := range strings.Split(env, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok {
			err = fmt.Errorf("line %d has no colon: want one \"Name: value\" per line", i+1)
			break
		}
		if e := requestconfig.CheckHeader(name, value); e != nil {
			err = fmt.Errorf("line %d: %w", i+1, e)
			break
		}
		names, values = append(names, name), append(values, value)
	}
	return func(cfg *requestconfig.RequestConfig) error {
		if err != nil {
			return fmt.Errorf("environment variable AVARA_CUSTOM_HEADERS: %w", err)
		}
		for i, name := range names {
			cfg.Header.Set(name, values[i])
		}
		return nil
	}
}

// envLog reads AVARA_LOG, "info" or "debug" in any case, as the official
// SDKs do: a logger to standard error at that level.
func envLog(level string) option.RequestOption {
	var l slog.Level
	switch strings.ToLower(level) {
	case "info":
		l = slog.LevelInfo
	case "debug":
		l = slog.LevelDebug
	default:
		return func(*requestconfig.RequestConfig) error {
			return fmt.Errorf("environment variable AVARA_LOG: want info or debug, got %q", level)
		}
	}
	return option.WithDebugLog(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l})))
}

// Execute sends a request to an endpoint the SDK does not wrap yet, through
// the same pipeline as every method (auth, retries, idempotency, errors).
// path is relative to the base URL, such as "v1/express". For GET and HEAD,
// params (a params type of this package, a struct with `url` tags, or
// url.Values) becomes the query string;
// for other methods, DELETE included, it is the JSON body ([]byte and
// json.RawMessage are sent as they are). The answer is decoded into res, a
// pointer, unless res is nil.
//
// path is sent as it is written, so an id in it must be escaped (with
// url.PathEscape, say). A path with a query ("?") or a fragment ("#"), or
// with a "." or ".." segment, which a server or proxy would resolve to
// another endpoint, fails the call before anything is sent: give query
// parameters as params or with option.WithQuery.
func (c *Client) Execute(ctx context.Context, method, path string, params any, res any, opts ...option.RequestOption) error {
	if err := checkPath(path); err != nil {
		return err
	}
	var q url.Values
	var body any
	switch {
	case params == nil:
	case method == http.MethodGet || method == http.MethodHead:
		var err error
		if q, err = queryOf(params); err != nil {
			return err
		}
	default:
		body = params
		if b, ok := params.([]byte); ok {
			body = json.RawMessage(b)
		}
	}
	cfg, err := requestconfig.New(ctx, &requestconfig.Operation{Method: method}, strings.TrimPrefix(path, "/"), q, body, c.options.opts, opts)
	if err != nil {
		return err
	}
	return cfg.Execute(res)
}

// checkPath refuses a path Execute would not send where it seems to: one
// with a query or fragment, or with a dot segment (escaped or not, as
// servers decode %2E before they resolve segments).
func checkPath(path string) error {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		return fmt.Errorf("avara: path %q: has a %q; give query parameters as params or with option.WithQuery", path, path[i])
	}
	for seg := range strings.SplitSeq(path, "/") {
		if u, err := url.PathUnescape(seg); err == nil && (u == "." || u == "..") {
			return fmt.Errorf("avara: path %q: has a %q segment, which would resolve to another endpoint; escape ids with url.PathEscape", path, seg)
		}
	}
	return nil
}

// queryOf encodes params as a query string: a params type of this package
// as its methods send it (extra fields included), url.Values as they are,
// any other struct by its `url` tags.
func queryOf(params any) (url.Values, error) {
	switch p := params.(type) {
	case interface{ urlQuery() url.Values }:
		return p.urlQuery(), nil
	case url.Values:
		// Query options change the values in place: give them a copy, so
		// the caller's map is never written, even by concurrent calls.
		q := make(url.Values, len(p))
		for k, vs := range p {
			q[k] = slices.Clone(vs)
		}
		return q, nil
	}
	q, err := query.Values(params)
	if err != nil {
		return nil, fmt.Errorf("avara: encoding query parameters: %w", err)
	}
	return q, nil
}

// setExtras sets params' extra fields in q, replacing typed fields of the
// same key.
func setExtras(q url.Values, extras map[string]any) {
	for k, v := range extras {
		q.Set(k, queryValue(v))
	}
}

// queryValue renders an extra field for the query string. A json.RawMessage
// (what SetExtraFields takes for raw JSON, and what UnmarshalJSON keeps) is
// sent as the string it holds, or as its JSON text when it is not a string;
// fmt.Sprint would print its bytes as a list of numbers.
func queryValue(v any) string {
	raw, ok := v.(json.RawMessage)
	if !ok {
		return fmt.Sprint(v)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw))
}

// Get sends a GET request; see Execute.
func (c *Client) Get(ctx context.Context, path string, params any, res any, opts ...option.RequestOption) error {
	return c.Execute(ctx, http.MethodGet, path, params, res, opts...)
}

// Post sends a POST request with params as the JSON body; see Execute.
func (c *Client) Post(ctx context.Context, path string, params any, res any, opts ...option.RequestOption) error {
	return c.Execute(ctx, http.MethodPost, path, params, res, opts...)
}

// Put sends a PUT request with params as the JSON body; see Execute.
func (c *Client) Put(ctx context.Context, path string, params any, res any, opts ...option.RequestOption) error {
	return c.Execute(ctx, http.MethodPut, path, params, res, opts...)
}

// Patch sends a PATCH request with params as the JSON body; see Execute.
func (c *Client) Patch(ctx context.Context, path string, params any, res any, opts ...option.RequestOption) error {
	return c.Execute(ctx, http.MethodPatch, path, params, res, opts...)
}

// Delete sends a DELETE request with params as the JSON body; see Execute.
func (c *Client) Delete(ctx context.Context, path string, params any, res any, opts ...option.RequestOption) error {
	return c.Execute(ctx, http.MethodDelete, path, params, res, opts...)
}

// pathID escapes an id for use as one path segment. Dots are escaped too, so
// an id of "." or ".." cannot climb the path either.
func pathID(id string) string {
	return strings.ReplaceAll(url.PathEscape(id), ".", "%2E")
}

// requireID fails before any request when a path id is empty; example,
// from openapi.yml, shows what one looks like.
func requireID(op *requestconfig.Operation, name, id, example string) error {
	if id == "" {
		return invalidParams(op, name, "is empty; pass an id such as "+example)
	}
	return nil
}

// invalidParams is the error of a param the SDK refuses before sending
// anything: it names the method, the param and the rule.
func invalidParams(op *requestconfig.Operation, name, rule string) error {
	return fmt.Errorf("%w: %s: %s %s", ErrInvalidParams, op.Name, name, rule)
}

// ErrInvalidParams is wrapped by every error for params the SDK refuses
// before sending anything, such as an empty id, a missing required field,
// or a body that cannot be encoded (a value encoding/json refuses, or two
// map keys that differ only in invalid UTF-8, which would be sent as one).
var ErrInvalidParams = requestconfig.ErrInvalidParams
