package contracttest

// The SDK's contract tests: every method of the SDK, called through the SDK
// itself against Steady (the mock server scripts/test starts), with an HTTP
// client that fails the test when
//
//   - the request or the response breaks openapi.yml (Transport, kin-openapi),
//   - or Steady says anything about the request: Steady 0.22.2 answers 200 to
//     many requests that break the spec (limit 0, a bad id, an empty name)
//     and only counts them in X-Steady-Error-Count, so a non-zero count fails
//     the test as surely as a 400 does.
//
// Each method runs with minimal and with full params and must get a 2xx and
// decode Steady's answer: the spec's example.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/pagination"
	"github.com/avara/avara-go/packages/param"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// defaultMockURL is where scripts/mock serves Steady by default: used when
// AVARA_TEST_BASE_URL is unset, so the tests also run beside a hand-started
// mock.
const defaultMockURL = "http://127.0.0.1:4010"

var (
	specOnce   sync.Once
	specShared *Spec
	specErr    error
)

// sharedSpec loads openapi.yml once for all the tests that only read it.
func sharedSpec(t *testing.T) *Spec {
	t.Helper()
	specOnce.Do(func() { specShared, specErr = LoadSpec() })
	require.NoError(t, specErr)
	return specShared
}

// contractServer is the Steady the contract tests call: AVARA_TEST_BASE_URL
// (set by scripts/test), else a Steady at scripts/mock's default address.
// With neither, the test is skipped saying so, except under CI=true, where
// it fails: CI never passes with the contract tests skipped.
func contractServer(t *testing.T) string {
	t.Helper()
	base := strings.TrimRight(os.Getenv("AVARA_TEST_BASE_URL"), "/")
	if base == "" && steadyAt(defaultMockURL) == nil {
		base = defaultMockURL
	}
	if base == "" {
		const msg = "SDK contract tests need the Steady mock server: AVARA_TEST_BASE_URL is not set and no Steady answers at " + defaultMockURL + "; run scripts/test (or scripts/mock)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; under CI=true they must run")
		}
		t.Skip(msg)
	}
	if err := steadyAt(base); err != nil {
		msg := fmt.Sprintf("SDK contract tests need the Steady mock server at AVARA_TEST_BASE_URL=%s: %v", base, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; under CI=true they must run")
		}
		t.Skip(msg + "; run scripts/test to start Steady")
	}
	return base
}

// steadyAt reports why base is not a Steady that answers, or nil.
func steadyAt(base string) error {
	c := &http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get(base + "/_x-steady/health")
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /_x-steady/health answered %d: not a Steady mock server", resp.StatusCode)
	}
	return nil
}

// steadyCheck is an http.RoundTripper for a Steady mock server: it reports
// every answer in which Steady flags the request (X-Steady-Error-Count not
// 0, or missing), with Steady's diagnostics, and records the status of
// every answer and the operation (per Spec) of every request.
type steadyCheck struct {
	Base   http.RoundTripper
	Report func(error)
	Spec   *Spec // names the operation of each request; nil records ""

	mu       sync.Mutex
	statuses []int
	ops      []string
}

func (s *steadyCheck) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.Base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	op := ""
	if s.Spec != nil {
		op = s.Spec.OperationID(req)
	}
	s.mu.Lock()
	s.statuses = append(s.statuses, resp.StatusCode)
	s.ops = append(s.ops, op)
	s.mu.Unlock()
	count := resp.Header.Get("X-Steady-Error-Count")
	if count == "0" {
		return resp, nil
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if count == "" {
		s.Report(fmt.Errorf("steady: %s %s → %d without an X-Steady-Error-Count header: is this Steady?", req.Method, req.URL.RequestURI(), resp.StatusCode))
		return resp, nil
	}
	msg := fmt.Sprintf("steady: %s %s → %d, X-Steady-Error-Count: %s, X-Steady-Request-Valid: %s",
		req.Method, req.URL.RequestURI(), resp.StatusCode, count, resp.Header.Get("X-Steady-Request-Valid"))
	for _, n := range steadyNotes(resp.Header) {
		msg += "\n    " + n
	}
	if resp.StatusCode >= 400 {
		msg += "\n    body: " + string(body)
	}
	s.Report(errors.New(msg))
	return resp, nil
}

func (s *steadyCheck) seen() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.statuses...)
}

// operations are the operationIds of the requests sent, in order.
func (s *steadyCheck) operations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ops...)
}

// gate is the SDK client of one contract test, sending through Transport
// (openapi.yml) and steadyCheck (Steady's verdict). Reports fail the test,
// unless record is set: then they are kept for the test to look at, and
// every request is marked as broken on purpose.
type gate struct {
	client *avara.Client
	steady *steadyCheck

	mu     sync.Mutex
	record bool
	specs  []string // reports of the openapi.yml check
	notes  []string // reports of the Steady check
	// tolerated counts Steady's generated answers whose only fault is a
	// pattern (see Transport.Tolerated).
	tolerated int
}

func newGate(t *testing.T, record bool) *gate {
	t.Helper()
	base := contractServer(t)
	g := &gate{record: record}
	report := func(list *[]string) func(error) {
		return func(err error) {
			g.mu.Lock()
			defer g.mu.Unlock()
			*list = append(*list, err.Error())
			if !g.record {
				t.Errorf("contract broken: %v", err)
			}
		}
	}
	g.steady = &steadyCheck{Base: http.DefaultTransport, Report: report(&g.notes), Spec: sharedSpec(t)}
	hc := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &Transport{Spec: sharedSpec(t), Base: g.steady, Report: report(&g.specs),
			Tolerated: func(err error) {
				g.mu.Lock()
				defer g.mu.Unlock()
				g.tolerated++
				t.Logf("Steady's generated answer breaks a pattern of the spec (Steady's limitation, not the SDK's): %v", err)
			}},
	}
	opts := []option.RequestOption{
		option.WithBaseURL(base),
		option.WithAPIKey("contract-test-key"),
		option.WithHTTPClient(hc),
		option.WithMaxRetries(0), // one request per call: a failure shows as it is
	}
	if record {
		// scripts/test counts Steady's findings on marked requests as
		// expected, and fails on any other.
		opts = append(opts, option.WithHeader(brokenOnPurpose, t.Name()))
	}
	g.client = avara.NewClient(opts...)
	return g
}

func (g *gate) reports() (specs, notes []string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.specs...), append([]string(nil), g.notes...)
}

// contractLog records that a method ran and what Steady answered. `go test`
// shows t.Log only with -v or on failure, so the line also goes to the file
// AVARA_CONTRACT_LOG names, which scripts/test prints: the CI log shows
// every method ran and got a 2xx.
func contractLog(t *testing.T, line string) {
	t.Helper()
	t.Log(line)
	path := os.Getenv("AVARA_CONTRACT_LOG")
	if path == "" {
		return
	}
	contractLogMu.Lock()
	defer contractLogMu.Unlock()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Errorf("AVARA_CONTRACT_LOG: %v", err)
		return
	}
	defer f.Close()
	_, err = fmt.Fprintln(f, line)
	assert.NoError(t, err, "AVARA_CONTRACT_LOG")
}

var contractLogMu sync.Mutex

// contract runs one SDK call through a gate, as the subtest name (say
// "Express.New/minimal"), and checks that it sent at least one request,
// every one of them to the operation op of openapi.yml, that every answer
// was a 2xx, and that nothing was reported.
func contract(t *testing.T, op, name string, call func(t *testing.T, client *avara.Client)) {
	t.Run(name, func(t *testing.T) {
		g := newGate(t, false)
		call(t, g.client)
		statuses := g.steady.seen()
		require.NotEmpty(t, statuses, "%s sent no request", name)
		for _, got := range g.steady.operations() {
			assert.Equal(t, op, got, "%s: a request went to another operation than the one it is listed under", name)
		}
		text := make([]string, len(statuses))
		for i, s := range statuses {
			text[i] = fmt.Sprint(s)
			assert.True(t, s >= 200 && s < 300, "%s: Steady answered %d", name, s)
		}
		line := "contract: " + strings.Replace(name, "/", " ", 1) + " → " + strings.Join(text, ", ")
		if t.Failed() {
			line += " FAILED"
		}
		contractLog(t, line)
	})
}

// exampleCustomer is the spec's ExpressCustomer example (the seed's),
// decoded by the SDK: what Steady answers for one customer.
func exampleCustomer(t *testing.T) avara.ExpressCustomer {
	t.Helper()
	ex := sharedSpec(t).Doc.Components.Examples["ExpressCustomer"]
	require.NotNil(t, ex, "openapi.yml has no ExpressCustomer example")
	raw, err := json.Marshal(ex.Value.Value)
	require.NoError(t, err)
	var c avara.ExpressCustomer
	require.NoError(t, json.Unmarshal(raw, &c))
	return c
}

// assertExampleCustomer checks that got is the spec's example, field by
// field, with the seed's values spelled out for the ones that matter most.
func assertExampleCustomer(t *testing.T, got *avara.ExpressCustomer) {
	t.Helper()
	require.NotNil(t, got)
	want := exampleCustomer(t)
	assert.Equal(t, "cus_1234567890abcdef1234567890abcdef", got.ExpressCustomerID)
	assert.Equal(t, "City Medical Center - Radiology Department", got.ExpressCustomerName)
	assert.True(t, got.CreatedAt.Equal(time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC)), "CreatedAt %v", got.CreatedAt)
	assert.True(t, got.UpdatedAt.Equal(time.Date(2024, 3, 15, 14, 20, 0, 0, time.UTC)), "UpdatedAt %v", got.UpdatedAt)

	assert.Equal(t, want.ExpressCustomerID, got.ExpressCustomerID)
	assert.Equal(t, want.ExpressCustomerName, got.ExpressCustomerName)
	assert.Equal(t, want.IsActive, got.IsActive)
	assert.Equal(t, want.UserCount, got.UserCount)
	assert.True(t, want.CreatedAt.Equal(got.CreatedAt), "CreatedAt: want %v, got %v", want.CreatedAt, got.CreatedAt)
	assert.True(t, want.UpdatedAt.Equal(got.UpdatedAt), "UpdatedAt: want %v, got %v", want.UpdatedAt, got.UpdatedAt)
	assert.Equal(t, want.CreatedByAPIKeyID, got.CreatedByAPIKeyID)
	assert.Equal(t, want.CreatedByUserID, got.CreatedByUserID)
	assert.Equal(t, want.Metadata, got.Metadata)
	assert.Empty(t, got.JSON.ExtraFields, "Steady sent fields the SDK does not know")
	for name, f := range map[string]interface{ Valid() bool }{
		"expressCustomerId": got.JSON.ExpressCustomerID, "expressCustomerName": got.JSON.ExpressCustomerName,
		"isActive": got.JSON.IsActive, "userCount": got.JSON.UserCount, "createdAt": got.JSON.CreatedAt,
		"updatedAt": got.JSON.UpdatedAt, "createdByApiKeyId": got.JSON.CreatedByAPIKeyID,
		"createdByUserId": got.JSON.CreatedByUserID, "metadata": got.JSON.Metadata,
	} {
		assert.True(t, f.Valid(), "%s did not decode as a valid value", name)
	}
	assert.NotEmpty(t, got.RawJSON())
}

func assertSuccess(t *testing.T, ok *avara.SuccessResponse) {
	t.Helper()
	require.NotNil(t, ok)
	assert.True(t, ok.Success)
	assert.Equal(t, "OK", ok.Message, "the spec's Success example")
	assert.True(t, ok.JSON.Success.Valid())
}

// contractCall is one SDK call of an operation of openapi.yml against Steady.
type contractCall struct {
	op   string // the operationId in openapi.yml
	name string // "Service.Method/variant": minimal, full, or what else it tries
	call func(t *testing.T, client *avara.Client)
}

// sdkContracts are all the contract calls: each operation of openapi.yml
// at least with minimal and with full params.
func sdkContracts() []contractCall {
	return append(expressContracts(), operationContracts()...)
}

// expressContracts are the contract calls of the Express operations.
// Get, Deactivate and Reactivate take no params: their "full" call adds
// the per-call options that reach the wire (a header, an Idempotency-Key).
func expressContracts() []contractCall {
	const user = usrID
	fullMetadata := map[string]string{"department": "radiology", "region": "northeast", "tier": "gold"}
	assertExamplePage := func(t *testing.T, items []avara.ExpressCustomer) {
		t.Helper()
		require.Len(t, items, 1, "Steady's page is the seed's: one customer")
		assertExampleCustomer(t, &items[0])
	}
	// Steady answers every page with the same cursor, so a walk gets the
	// first page and the one that cursor asks for, then stops on the
	// repeated cursor instead of looping.
	walk := func(t *testing.T, client *avara.Client, params avara.ExpressListParams) {
		var got []avara.ExpressCustomer
		var walkErr error
		for c, err := range client.Express.ListAutoPaging(t.Context(), params).All() {
			if err != nil {
				walkErr = err
				break
			}
			got = append(got, c)
			require.Less(t, len(got), 10, "the walk does not stop on Steady's repeated cursor")
		}
		require.ErrorIs(t, walkErr, pagination.ErrCursorRepeated, "Steady hands back one cursor forever: the walk stops, and says why")
		require.Len(t, got, 2, "two pages of one customer each")
		for i := range got {
			assertExampleCustomer(t, &got[i])
		}
	}

	return []contractCall{
		{"expressCreate", "Express.New/minimal", func(t *testing.T, client *avara.Client) {
			c, err := client.Express.New(t.Context(), avara.ExpressNewParams{ExpressCustomerName: "City Medical Center"})
			require.NoError(t, err)
			assertExampleCustomer(t, c)
		}},
		{"expressCreate", "Express.New/full", func(t *testing.T, client *avara.Client) {
			c, err := client.Express.New(t.Context(), avara.ExpressNewParams{
				ExpressCustomerName: "City Medical Center - Radiology Department",
				Metadata:            fullMetadata,
			}, option.WithIdempotencyKey("contract-new-full"))
			require.NoError(t, err)
			assertExampleCustomer(t, c)
		}},

		{"expressList", "Express.List/minimal", func(t *testing.T, client *avara.Client) {
			page, err := client.Express.List(t.Context(), avara.ExpressListParams{})
			require.NoError(t, err)
			require.NotNil(t, page)
			assertExamplePage(t, page.ExpressCustomers)
			assert.True(t, page.HasMore)
			assert.Equal(t, "cursor", page.Cursor)
		}},
		{"expressList", "Express.List/full", func(t *testing.T, client *avara.Client) {
			page, err := client.Express.List(t.Context(), avara.ExpressListParams{
				Cursor: avara.String("Y3Vyc29y"),
				Limit:  avara.Int(100),
			})
			require.NoError(t, err)
			require.NotNil(t, page)
			assertExamplePage(t, page.ExpressCustomers)
			assert.True(t, page.HasMore)
			assert.Equal(t, "cursor", page.Cursor)
		}},

		{"expressList", "Express.ListAutoPaging/minimal", func(t *testing.T, client *avara.Client) {
			walk(t, client, avara.ExpressListParams{})
		}},
		{"expressList", "Express.ListAutoPaging/full", func(t *testing.T, client *avara.Client) {
			walk(t, client, avara.ExpressListParams{Cursor: avara.String("Y3Vyc29y"), Limit: avara.Int(50)})
		}},

		{"expressRetrieve", "Express.Get/minimal", func(t *testing.T, client *avara.Client) {
			c, err := client.Express.Get(t.Context(), cusID)
			require.NoError(t, err)
			assertExampleCustomer(t, c)
		}},
		{"expressRetrieve", "Express.Get/full", func(t *testing.T, client *avara.Client) {
			c, err := client.Express.Get(t.Context(), cusID,
				option.WithHeader("X-Trace", "contract"), option.WithRequestTimeout(20*time.Second))
			require.NoError(t, err)
			assertExampleCustomer(t, c)
		}},

		{"expressUpdate", "Express.Update/minimal", func(t *testing.T, client *avara.Client) {
			c, err := client.Express.Update(t.Context(), cusID, avara.ExpressUpdateParams{})
			require.NoError(t, err)
			assertExampleCustomer(t, c)
		}},
		{"expressUpdate", "Express.Update/full", func(t *testing.T, client *avara.Client) {
			c, err := client.Express.Update(t.Context(), cusID, avara.ExpressUpdateParams{
				ExpressCustomerName: avara.String("City Medical Center - Cardiology Department"),
				Metadata:            param.NewOpt(fullMetadata),
			}, option.WithIdempotencyKey("contract-update-full"))
			require.NoError(t, err)
			assertExampleCustomer(t, c)
		}},
		{"expressUpdate", "Express.Update/null-metadata", func(t *testing.T, client *avara.Client) {
			c, err := client.Express.Update(t.Context(), cusID, avara.ExpressUpdateParams{
				ExpressCustomerName: avara.String("City Medical Center - Cardiology Department"),
				Metadata:            param.Null[map[string]string](),
			})
			require.NoError(t, err)
			assertExampleCustomer(t, c)
		}},

		{"expressDeactivate", "Express.Deactivate/minimal", func(t *testing.T, client *avara.Client) {
			c, err := client.Express.Deactivate(t.Context(), cusID)
			require.NoError(t, err)
			assertExampleCustomer(t, c)
		}},
		{"expressDeactivate", "Express.Deactivate/full", func(t *testing.T, client *avara.Client) {
			c, err := client.Express.Deactivate(t.Context(), cusID,
				option.WithIdempotencyKey("contract-deactivate-full"), option.WithHeader("X-Trace", "contract"))
			require.NoError(t, err)
			assertExampleCustomer(t, c)
		}},

		{"expressReactivate", "Express.Reactivate/minimal", func(t *testing.T, client *avara.Client) {
			c, err := client.Express.Reactivate(t.Context(), cusID)
			require.NoError(t, err)
			assertExampleCustomer(t, c)
		}},
		{"expressReactivate", "Express.Reactivate/full", func(t *testing.T, client *avara.Client) {
			c, err := client.Express.Reactivate(t.Context(), cusID,
				option.WithIdempotencyKey("contract-reactivate-full"), option.WithHeader("X-Trace", "contract"))
			require.NoError(t, err)
			assertExampleCustomer(t, c)
		}},

		{"expressUsersAdd", "Express.Users.Add/minimal", func(t *testing.T, client *avara.Client) {
			ok, err := client.Express.Users.Add(t.Context(), cusID, avara.ExpressUserAddParams{UserID: user})
			require.NoError(t, err)
			assertSuccess(t, ok)
		}},
		{"expressUsersAdd", "Express.Users.Add/full", func(t *testing.T, client *avara.Client) {
			ok, err := client.Express.Users.Add(t.Context(), cusID, avara.ExpressUserAddParams{UserID: user},
				option.WithIdempotencyKey("contract-add-full"), option.WithHeader("X-Trace", "contract"))
			require.NoError(t, err)
			assertSuccess(t, ok)
		}},

		{"expressUsersRemove", "Express.Users.Remove/minimal", func(t *testing.T, client *avara.Client) {
			ok, err := client.Express.Users.Remove(t.Context(), cusID, avara.ExpressUserRemoveParams{UserID: user})
			require.NoError(t, err)
			assertSuccess(t, ok)
		}},
		{"expressUsersRemove", "Express.Users.Remove/full", func(t *testing.T, client *avara.Client) {
			ok, err := client.Express.Users.Remove(t.Context(), cusID, avara.ExpressUserRemoveParams{UserID: user},
				option.WithIdempotencyKey("contract-remove-full"), option.WithHeader("X-Trace", "contract"))
			require.NoError(t, err)
			assertSuccess(t, ok)
		}},
	}
}

// Every SDK method, with minimal and with full params, against Steady.
func TestSDKContract(t *testing.T) {
	contractServer(t) // skip (or fail under CI) once, not in every subtest
	for _, c := range sdkContracts() {
		contract(t, c.op, c.name, c.call)
	}
}

// The gate bites: a request Steady rejects fails it, and so does one Steady
// answers 200 but flags in X-Steady-Error-Count, which a status check alone
// would let through. Here the gate records its reports instead of failing,
// and the test checks it made them.
func TestSDKContractGateBites(t *testing.T) {
	contractServer(t)
	t.Run("a field the spec does not know: Steady rejects it", func(t *testing.T) {
		g := newGate(t, true)
		_, err := g.client.Express.New(t.Context(), avara.ExpressNewParams{ExpressCustomerName: "A"},
			option.WithJSONSet("express_customer_name", "A"))
		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
		specs, notes := g.reports()
		require.Len(t, notes, 1, "the Steady check reports the 400: %v", notes)
		assert.Contains(t, notes[0], "→ 400")
		assert.Contains(t, notes[0], "E3009 body: Unknown property: express_customer_name")
		assert.NotEmpty(t, specs, "kin-openapi refuses the request too")
	})
	t.Run("limit 0: Steady answers 200 but counts it", func(t *testing.T) {
		g := newGate(t, true)
		page, err := g.client.Express.List(t.Context(), avara.ExpressListParams{Limit: avara.Int(0)})
		require.NoError(t, err, "Steady 0.22.2 answers 200: only its headers say the request is wrong")
		require.NotNil(t, page)
		assert.Equal(t, []int{http.StatusOK}, g.steady.seen())
		specs, notes := g.reports()
		require.Len(t, notes, 1, "the X-Steady-Error-Count check reports the 200: %v", notes)
		assert.Contains(t, notes[0], "GET /v1/express?limit=0 → 200, X-Steady-Error-Count: 1")
		assert.Contains(t, notes[0], "E4004 query.limit: Numeric range violation")
		require.NotEmpty(t, specs, "kin-openapi refuses limit=0 as well")
		assert.Contains(t, specs[0], "limit")
	})
	t.Run("a bad user id: Steady answers 200 but counts it", func(t *testing.T) {
		g := newGate(t, true)
		_, err := g.client.Express.Users.Add(t.Context(), cusID, avara.ExpressUserAddParams{UserID: "usr_1"})
		require.NoError(t, err)
		_, notes := g.reports()
		require.Len(t, notes, 1, "%v", notes)
		assert.Contains(t, notes[0], "→ 200, X-Steady-Error-Count: 1")
		assert.Contains(t, notes[0], "E4002")
	})
}
