package contracttest

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// brokenOnPurpose marks a request a test breaks on purpose, to see Steady
// notice. scripts/test lists Steady's findings on marked requests as
// expected and fails on a finding on any other request, so a request meant
// to be valid can never break the spec unnoticed.
const brokenOnPurpose = "X-Avara-Broken-On-Purpose"

// mockServer is the base URL of the mock server scripts/test started
// (AVARA_TEST_BASE_URL). Outside CI a test without one is skipped; under
// CI=true it fails, so CI can never pass without the contract tests.
func mockServer(t *testing.T) string {
	t.Helper()
	base := strings.TrimRight(os.Getenv("AVARA_TEST_BASE_URL"), "/")
	problem := ""
	if base == "" {
		problem = "AVARA_TEST_BASE_URL is not set"
	} else {
		c := &http.Client{Timeout: 5 * time.Second}
		resp, err := c.Get(base + "/_x-steady/health")
		if err != nil {
			problem = "no mock server answers at " + base + ": " + err.Error()
		} else {
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				// Some other server (the fake, a real API): these tests
				// describe Steady only.
				t.Skipf("%s is not a Steady mock server (GET /_x-steady/health: %d)", base, resp.StatusCode)
			}
		}
	}
	if problem != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s; under CI=true the mock server tests must run: use scripts/test", problem)
		}
		t.Skipf("%s; run scripts/test to start Steady", problem)
	}
	return base
}

type exchange struct {
	status int
	header http.Header
	body   []byte
}

func send(t *testing.T, c *http.Client, method, url, body string, header map[string]string) exchange {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, r)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer test-key")
	req.Header.Set("Accept", "application/json")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return exchange{resp.StatusCode, resp.Header, b}
}

// Each endpoint, called as the SDK will call it (with the SDK's extra
// headers), gets a 2xx from Steady with no diagnostic at all, and both the
// request and Steady's answer validate against openapi.yml.
func TestSteadyAnswersEveryOperation(t *testing.T) {
	base := mockServer(t)
	spec := loadSpec(t)
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &Transport{Spec: spec, Report: func(err error) { t.Error(err) }},
	}
	sdkHeaders := map[string]string{
		"Idempotency-Key":         "stainless-go-retry-0b1f7e3c-4d2a-4a9e-8c61-2f3b5d7e9a10",
		"X-Stainless-Retry-Count": "0",
		"User-Agent":              "Avara/Go 0.1.0",
		"X-Unknown-Header":        "anything",
	}
	cases := []struct {
		name, method, path, body, schema string
	}{
		{"create minimal", "POST", "/v1/express", `{"expressCustomerName":"City Medical Center"}`, "ExpressCustomer"},
		{"create full", "POST", "/v1/express", `{"expressCustomerName":"City Medical Center","metadata":{"region":"ne","department":"radiology"}}`, "ExpressCustomer"},
		{"list minimal", "GET", "/v1/express", "", "ExpressCustomerPage"},
		{"list full", "GET", "/v1/express?cursor=Y3Vyc29y&limit=50", "", "ExpressCustomerPage"},
		{"retrieve", "GET", "/v1/express/" + cusID, "", "ExpressCustomer"},
		{"update minimal", "PATCH", "/v1/express/" + cusID, `{}`, "ExpressCustomer"},
		{"update full", "PATCH", "/v1/express/" + cusID, `{"expressCustomerName":"New name","metadata":{"a":"b"}}`, "ExpressCustomer"},
		{"update clears metadata", "PATCH", "/v1/express/" + cusID, `{"metadata":null}`, "ExpressCustomer"},
		{"deactivate", "POST", "/v1/express/" + cusID + "/deactivate", "", "ExpressCustomer"},
		{"reactivate", "POST", "/v1/express/" + cusID + "/reactivate", "", "ExpressCustomer"},
		{"add user", "POST", "/v1/express/" + cusID + "/users", `{"userId":"` + usrID + `"}`, "SuccessResponse"},
		{"remove user", "DELETE", "/v1/express/" + cusID + "/users", `{"userId":"` + usrID + `"}`, "SuccessResponse"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := send(t, client, c.method, base+c.path, c.body, sdkHeaders)
			require.True(t, x.status >= 200 && x.status < 300, "%s %s: %d %s", c.method, c.path, x.status, x.body)
			assert.Equal(t, "true", x.header.Get("X-Steady-Request-Valid"))
			assert.Equal(t, "0", x.header.Get("X-Steady-Error-Count"), "Steady noted something: %v", steadyNotes(x.header))
			assert.NoError(t, spec.ValidateJSON(c.schema, x.body))
		})
	}
}

// What Steady does with requests that break the spec. Its rejections are
// the gate the SDK's contract tests rely on; its notes (range, length and
// pattern violations) come only as headers, so the contract tests must
// check X-Steady-Error-Count as well as the status.
func TestSteadyJudgesBrokenRequests(t *testing.T) {
	base := mockServer(t)
	c := &http.Client{Timeout: 10 * time.Second}

	rejected := []struct {
		name, method, path, body, code string
	}{
		{"snake_case field", "POST", "/v1/express", `{"express_customer_name":"A"}`, "E3007"},
		{"unknown field", "POST", "/v1/express", `{"expressCustomerName":"A","extra":1}`, "E3009"},
		{"wrong type", "POST", "/v1/express", `{"expressCustomerName":5}`, "E3008"},
		{"metadata value not a string", "POST", "/v1/express", `{"expressCustomerName":"A","metadata":{"k":1}}`, "E3008"},
		{"remove without body", "DELETE", "/v1/express/" + cusID + "/users", "", "E3005"},
		{"remove with snake_case body", "DELETE", "/v1/express/" + cusID + "/users", `{"user_id":"` + usrID + `"}`, "E3007"},
		{"limit not an integer", "GET", "/v1/express?limit=ten", "", "E3003"},
	}
	for _, r := range rejected {
		t.Run("rejects "+r.name, func(t *testing.T) {
			x := send(t, c, r.method, base+r.path, r.body, map[string]string{brokenOnPurpose: t.Name()})
			assert.Equal(t, http.StatusBadRequest, x.status, "%s", x.body)
			assert.Equal(t, "false", x.header.Get("X-Steady-Request-Valid"))
			assert.True(t, hasCode(steadyNotes(x.header), r.code), "want %s among %v", r.code, steadyNotes(x.header))
			var diag struct {
				Steady struct {
					Errors []struct{ Code string }
				}
			}
			assert.NoError(t, json.Unmarshal(x.body, &diag))
			assert.NotEmpty(t, diag.Steady.Errors, "a 400 from Steady carries its diagnostic")
		})
	}

	noted := []struct {
		name, method, path, body, code string
	}{
		{"limit 0", "GET", "/v1/express?limit=0", "", "E4004"},
		{"limit 101", "GET", "/v1/express?limit=101", "", "E4004"},
		{"bad customer id", "GET", "/v1/express/cus_123", "", "E4002"},
		{"bad user id", "POST", "/v1/express/" + cusID + "/users", `{"userId":"usr_1"}`, "E4002"},
		{"empty name", "POST", "/v1/express", `{"expressCustomerName":""}`, "E4003"},
		{"null metadata on create", "POST", "/v1/express", `{"expressCustomerName":"A","metadata":null}`, "E5001"},
		{"undocumented query parameter", "GET", "/v1/express?page=2", "", "E3015"},
	}
	for _, n := range noted {
		t.Run("notes "+n.name, func(t *testing.T) {
			x := send(t, c, n.method, base+n.path, n.body, map[string]string{brokenOnPurpose: t.Name()})
			assert.Equal(t, http.StatusOK, x.status, "Steady 0.22.2 answers these: %s", x.body)
			assert.NotEqual(t, "0", x.header.Get("X-Steady-Error-Count"))
			assert.True(t, hasCode(steadyNotes(x.header), n.code), "want %s among %v", n.code, steadyNotes(x.header))
		})
	}
}

// steadyNotes lists Steady's diagnostics from the response headers, as
// "E3007 body: Missing required property: expressCustomerName".
func steadyNotes(h http.Header) []string {
	var notes []string
	for i := 1; ; i++ {
		p := "X-Steady-Error-" + strconv.Itoa(i) + "-"
		code := h.Get(p + "Code")
		if code == "" {
			return notes
		}
		notes = append(notes, code+" "+h.Get(p+"Path")+": "+h.Get(p+"Message"))
	}
}

// hasCode says whether Steady's notes include that diagnostic code.
func hasCode(notes []string, code string) bool {
	for _, n := range notes {
		if strings.HasPrefix(n, code+" ") {
			return true
		}
	}
	return false
}
