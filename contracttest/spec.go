// Package contracttest checks the Avara API's OpenAPI description
// (../openapi.yml) and what is said on the wire against it.
//
// It is a module of its own so that its validator (kin-openapi) never becomes
// a dependency of the SDK: the SDK's go.mod keeps its three dependencies.
//
// The document is OpenAPI 3.1, so its schemas are JSON Schema 2020-12
// (type arrays for null, propertyNames). Validate values through [Spec],
// which always turns kin-openapi's 2020-12 validator on; a bare
// (*openapi3.Schema).VisitJSON without openapi3.EnableJSONSchema2020 reads the
// schemas with OpenAPI 3.0 rules and gets nullability and key lengths wrong.
package contracttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// uuidPattern is what format "uuid" means here: any 8-4-4-4-12 hex string.
// kin-openapi does not check the format by default.
const uuidPattern = `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`

// SpecPath is the absolute path of the repository's openapi.yml.
func SpecPath() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return filepath.Join("..", "openapi.yml")
	}
	return filepath.Join(filepath.Dir(file), "..", "openapi.yml")
}

// Spec is the loaded, validated OpenAPI document with a router that matches
// requests to its operations on any host.
type Spec struct {
	Doc    *openapi3.T
	router routers.Router
}

// LoadSpec loads openapi.yml, resolves its references and validates it
// (examples included).
func LoadSpec() (*Spec, error) {
	return LoadSpecFile(SpecPath())
}

// LoadSpecFile is LoadSpec for another file.
func LoadSpecFile(path string) (*Spec, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	if err := doc.Validate(loader.Context, openapi3.EnableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("validate %s: %w", path, err)
	}
	// The router matches the document's servers; a copy without them matches
	// any host, such as a mock server on a loopback port.
	anyHost := *doc
	anyHost.Servers = nil
	router, err := gorillamux.NewRouter(&anyHost)
	if err != nil {
		return nil, fmt.Errorf("route %s: %w", path, err)
	}
	return &Spec{Doc: doc, router: router}, nil
}

// SchemaOptions are the options every schema validation here uses.
func (s *Spec) SchemaOptions() []openapi3.SchemaValidationOption {
	opts := s.Doc.GetSchemaValidationOptions()
	opts = append(opts,
		openapi3.MultiErrors(),
		openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(uuidPattern)),
	)
	if s.Doc.IsOpenAPI31OrLater() {
		opts = append(opts, openapi3.EnableJSONSchema2020())
	}
	return opts
}

// Schema is the component schema of that name, or nil.
func (s *Spec) Schema(name string) *openapi3.Schema {
	ref := s.Doc.Components.Schemas[name]
	if ref == nil {
		return nil
	}
	return ref.Value
}

// ValidateValue validates a decoded JSON value (as encoding/json decodes into
// any) against a schema.
func (s *Spec) ValidateValue(schema *openapi3.Schema, value any) error {
	if schema == nil {
		return errors.New("no schema")
	}
	return schema.VisitJSON(value, s.SchemaOptions()...)
}

// ValidateJSON validates a JSON document against the component schema of
// that name.
func (s *Spec) ValidateJSON(schemaName string, data []byte) error {
	schema := s.Schema(schemaName)
	if schema == nil {
		return fmt.Errorf("no component schema %q", schemaName)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return s.ValidateValue(schema, v)
}

func (s *Spec) filterOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError:            true,
		IncludeResponseStatus: true,
		// deactivate and reactivate take no body: sending one is a mistake.
		RejectWhenRequestBodyNotSpecified: true,
		// The scheme is HTTP bearer: a request must carry some bearer token.
		AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
			h := in.RequestValidationInput.Request.Header.Get("Authorization")
			if token, ok := strings.CutPrefix(h, "Bearer "); !ok || token == "" {
				return errors.New("no bearer token in the Authorization header")
			}
			return nil
		},
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(uuidPattern)),
		},
	}
}

// requestInput finds the operation of req and validates the request; body
// is the request's body (req.Body is not read).
func (s *Spec) requestInput(ctx context.Context, req *http.Request, body []byte) (*openapi3filter.RequestValidationInput, error) {
	route, pathParams, err := s.router.FindRoute(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: no operation in the spec: %w", req.Method, req.URL.Path, err)
	}
	r := req.Clone(ctx)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	if len(body) == 0 {
		r.Body = http.NoBody
	}
	// The router hands back each path parameter as sent, percent-encoded;
	// the spec describes the value. The SDK escapes a path id as one
	// segment (dots included: 1.2.3 goes as 1%2E2%2E3, which RFC 3986 says
	// is the same), so the value is what the pattern must match.
	for name, v := range pathParams {
		if u, err := url.PathUnescape(v); err == nil {
			pathParams[name] = u
		}
	}
	return &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: pathParams,
		Route:      route,
		Options:    s.filterOptions(),
	}, nil
}

// OperationID is the operationId of the operation req is for, or "" when
// no operation of the spec matches it.
func (s *Spec) OperationID(req *http.Request) string {
	route, _, err := s.router.FindRoute(req)
	if err != nil || route.Operation == nil {
		return ""
	}
	return route.Operation.OperationID
}

// ValidateRequest checks a request (path, query, headers, security and
// body) against its operation.
func (s *Spec) ValidateRequest(ctx context.Context, req *http.Request, body []byte) error {
	in, err := s.requestInput(ctx, req, body)
	if err != nil {
		return err
	}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		return fmt.Errorf("%s %s: request: %w", req.Method, req.URL.Path, err)
	}
	return nil
}

// ValidateResponse checks a response (status, headers, body) against the
// operation of the request it answers. A status the operation does not
// document is an error.
func (s *Spec) ValidateResponse(ctx context.Context, req *http.Request, status int, header http.Header, body []byte) error {
	in, err := s.requestInput(ctx, req, nil)
	if err != nil {
		return err
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Options:                s.filterOptions(),
	}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Errorf("%s %s: %d response: %w", req.Method, req.URL.Path, status, err)
	}
	return nil
}

// Transport is an http.RoundTripper that validates every request it sends
// and every response it receives against the spec, and hands each error to
// Report (a test's t.Error, say). Bodies are buffered and put back, so the
// caller reads them as usual.
type Transport struct {
	Spec   *Spec
	Base   http.RoundTripper // http.DefaultTransport when nil
	Report func(error)
	// SkipRequests checks only the responses, for tests that send requests
	// the spec forbids on purpose.
	SkipRequests bool
	// Tolerated, when set, receives instead of Report the errors of a
	// response Steady made up from the schemas (X-Steady-Example-Source:
	// generated) that are all pattern mismatches: Steady 0.22.2's generator
	// ignores pattern (it answers an id "LV" where the spec says ref_ and 32
	// hex), which says nothing about the SDK. Any other error of such an
	// answer, and every error of an answer from the spec's examples, still
	// goes to Report.
	Tolerated func(error)
}

// onlyPatternMismatches reports whether err, a tree of kin-openapi's
// SchemaErrors, fails only on pattern keywords: every failing keyword is a
// pattern, and of a oneOf or anyOf at least one branch fails only so.
func onlyPatternMismatches(err error) bool {
	switch e := err.(type) {
	case openapi3.MultiError:
		if len(e) == 0 {
			return false
		}
		for _, sub := range e {
			if !onlyPatternMismatches(sub) {
				return false
			}
		}
		return true
	case *openapi3.SchemaError:
		if e.SchemaField == "pattern" {
			return true
		}
		if e.Origin == nil {
			return false
		}
		var branches openapi3.MultiError
		if (e.SchemaField == "oneOf" || e.SchemaField == "anyOf") && errors.As(e.Origin, &branches) {
			for _, b := range branches {
				if onlyPatternMismatches(b) {
					return true
				}
			}
			return false
		}
		return onlyPatternMismatches(e.Origin)
	}
	if u := errors.Unwrap(err); u != nil {
		return onlyPatternMismatches(u)
	}
	return false
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		// RoundTrip must not modify the request: send a copy.
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	if !t.SkipRequests {
		if err := t.Spec.ValidateRequest(req.Context(), req, reqBody); err != nil {
			t.Report(err)
		}
	}
	resp, err := base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	respBody, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if err := t.Spec.ValidateResponse(req.Context(), req, resp.StatusCode, resp.Header, respBody); err != nil {
		if t.Tolerated != nil && resp.Header.Get("X-Steady-Example-Source") == "generated" && onlyPatternMismatches(err) {
			t.Tolerated(err)
		} else {
			t.Report(err)
		}
	}
	return resp, nil
}
