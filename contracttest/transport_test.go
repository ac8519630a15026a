package contracttest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The Transport reports every request and response that breaks the spec,
// and hands the caller the bodies untouched.
func TestTransportReportsWhatBreaksTheSpec(t *testing.T) {
	spec := loadSpec(t)
	customer := `{"expressCustomerId":"` + cusID + `","expressCustomerName":"A","isActive":true,"userCount":0,"createdAt":null,"updatedAt":null}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/v1/express/"+cusID:
			_, _ = io.WriteString(w, customer)
		case r.URL.Path == "/v1/express" && r.Method == http.MethodPost:
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, strings.Replace(customer, `"userCount":0`, `"user_count":0`, 1))
		case r.URL.Path == "/v1/express/"+cusID+"/deactivate":
			w.WriteHeader(http.StatusTeapot)
			_, _ = io.WriteString(w, `{"message":"no error object"}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":{"type":"not_found_error","message":"no"}}`)
		}
	}))
	defer srv.Close()

	var mu sync.Mutex
	var reports []string
	client := &http.Client{Transport: &Transport{Spec: spec, Report: func(err error) {
		mu.Lock()
		defer mu.Unlock()
		reports = append(reports, err.Error())
	}}}
	do := func(method, path, body string) (int, string, []string) {
		mu.Lock()
		reports = nil
		mu.Unlock()
		var r io.Reader
		if body != "" {
			r = strings.NewReader(body)
		}
		req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, r)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer k")
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		mu.Lock()
		defer mu.Unlock()
		return resp.StatusCode, string(b), append([]string(nil), reports...)
	}

	status, body, got := do("GET", "/v1/express/"+cusID, "")
	assert.Equal(t, 200, status)
	assert.Equal(t, customer, body, "the caller reads the body as sent")
	assert.Empty(t, got)

	_, _, got = do("GET", "/v1/express/"+usrID, "")
	assert.Len(t, got, 1, "a bad path id: %v", got)

	_, _, got = do("POST", "/v1/express", `{"express_customer_name":"A"}`)
	require.Len(t, got, 2, "a bad request and a bad response: %v", got)
	assert.Contains(t, got[0], "request")
	assert.Contains(t, got[1], "201 response")

	_, _, got = do("POST", "/v1/express/"+cusID+"/deactivate", "")
	require.Len(t, got, 1, "an error body without the error object: %v", got)
	assert.Contains(t, got[0], "418 response")

	_, _, got = do("GET", "/v2/nothing", "")
	assert.Len(t, got, 2, "no such operation: %v", got)
}

// Steady's generated answers break patterns (an id "LV" for ref_ and 32
// hex): those, and only those, the contract gate tolerates. A missing or
// mistyped field is never a pattern mismatch, nor is a oneOf whose every
// branch fails for another reason.
func TestOnlyPatternMismatches(t *testing.T) {
	spec := loadSpec(t)
	ref := `"createdAt":"2024-01-15T09:00:00Z","isActive":true,"name":"Main","type":"facility","updatedAt":"2024-01-15T09:00:00Z"`
	cases := []struct {
		name, schema, body string
		want               bool
	}{
		{"bad id", "ClinicalReference", `{"clinicalReferenceId":"LV",` + ref + `}`, true},
		{"bad id, bad enum", "ClinicalReference", `{"clinicalReferenceId":"LV",` + strings.Replace(ref, "facility", "x", 1) + `}`, false},
		{"missing field", "ClinicalReference", `{"clinicalReferenceId":"LV","isActive":true}`, false},
		{"oneOf: one branch only bad ids", "ReportTextResponse", `{"isCritical":false,"reportId":"V9","snapshotMetadata":{},"studyId":"t","studyInstanceUid":"i"}`, true},
		{"oneOf: no branch close", "ReportTextResponse", `{"isCritical":"no"}`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := spec.ValidateJSON(c.schema, []byte(c.body))
			require.Error(t, err)
			assert.Equal(t, c.want, onlyPatternMismatches(err), "%v", err)
		})
	}
}
