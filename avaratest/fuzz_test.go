package avaratest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzHandler sends arbitrary methods, paths, bodies and idempotency keys
// through the handler. Whatever comes in, the answer must be a JSON object
// with the standard headers, and never a 500: the handler turns a panic into
// a 500, so a 500 here means a bug.
func FuzzHandler(f *testing.F) {
	existing := customerID(1)
	seeds := []struct {
		method, path, body, key string
		auth                    bool
	}{
		{"GET", "/v1/express", "", "", true},
		{"GET", "/v1/express?limit=100&cursor=djEuMC4wLmN1c18", "", "", true},
		{"POST", "/v1/express", `{"expressCustomerName":"x","metadata":{"a":"b"}}`, "k", true},
		{"POST", "/v1/express", `{"expressCustomerName":`, "", true},
		{"PATCH", "/v1/express/" + existing, `{"metadata":null}`, "", true},
		{"PATCH", "/v1/express/" + existing, `{"expressCustomerName":"","x":1}`, "k2", true},
		{"POST", "/v1/express/" + existing + "/users", `{"userId":"usr_00000000000000000000000000000001"}`, "", true},
		{"DELETE", "/v1/express/" + existing + "/users", `{"userId":"usr_00000000000000000000000000000002"}`, "", true},
		{"POST", "/v1/express/" + existing + "/deactivate", ``, "", true},
		{"GET", "/v1/express/..%2F..%2Fadmin", "", "", true},
		{"GET", "/v1/express/%2E%2E/users", "", "", true},
		{"BREW", "//v1//express/", "[]", "", true},
		{"GET", "/v1/express", "", "", false},
		{"POST", "/v1/express", `{"expressCustomerName":"\ud800","metadata":{"\u0000":"\xff"}}`, "", true},
		{"POST", "/v1/autoScribe/studies", `{"studyInstanceUid":"1.2","studyDescription":"x","severity":"high","reportMetadata":{"height":{"unit":"cm","value":1e400}}}`, "k3", true},
		{"PATCH", "/v1/autoScribe/studies/stu_00000000000000000000000000000001", `{"reportMetadata":{"sex":null},"priorReports":null}`, "", true},
		{"POST", "/v1/autoScribe/studies/cancel", `{"studyId":"stu_00000000000000000000000000000001","studyInstanceUid":"1.2"}`, "", true},
		{"GET", "/v1/autoScribe/studies?studyReportStatus=assigned,,x&assignedTo=null&isCancelled=null", "", "", true},
		{"GET", "/v1/autoScribe/reports/pdf?reportId=rep_00000000000000000000000000000001", "", "", true},
		{"POST", "/v1/autoScribe/users", `{"canCreateReports":true,"canManageStudies":true,"clinicRole":"Other","email":"a@b","firstName":"a","hasDashboardAccess":true,"lastName":"b","level":"admin"}`, "", true},
		{"POST", "/v1/viewer/users/invitations/revoke", `{"userId":"usr_00000000000000000000000000000001"}`, "", true},
		{"GET", "/v1/autoScribe/users/invitations?expired=expired&startDate=2024-13-01", "", "", true},
		{"POST", "/v1/autoScribe/studies/external/reports", `{"studyId":"stu_00000000000000000000000000000001","reportText":"t"}`, "", true},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.body, s.key, s.auth)
	}

	srv := NewUnstartedServer(WithCustomers(Seed{ID: existing, Name: "existing", Users: []string{userID(1)}}),
		WithObjects("AutoScribeStudy", map[string]any{"studyId": hexID("stu_", 1), "studyInstanceUid": "1.2", "studyType": "external"}),
		WithObjects("Report", map[string]any{"reportId": hexID("rep_", 1), "studyId": hexID("stu_", 1), "status": "completed"}))
	f.Cleanup(srv.Close)
	h := srv.Handler()

	f.Fuzz(func(t *testing.T, method, path, body, key string, auth bool) {
		r := httptest.NewRequest("GET", "/", strings.NewReader(body))
		r.Method = method
		// Parse what parses, as a server would; otherwise hand the raw
		// text over as the path, which the handler must survive too.
		if u, err := url.ParseRequestURI(path); err == nil {
			r.URL = u
		} else {
			r.URL = &url.URL{Path: path}
		}
		if auth {
			r.Header.Set("Authorization", "Bearer "+srv.APIKey)
		}
		if key != "" {
			r.Header.Set("Idempotency-Key", key)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)

		if w.Code == http.StatusInternalServerError {
			t.Fatalf("%s %q: 500: %s", method, path, w.Body)
		}
		if got := w.Header().Get("Content-Type"); got != "application/json" {
			t.Fatalf("Content-Type %q", got)
		}
		if !strings.HasPrefix(w.Header().Get("X-Request-Id"), "req_") {
			t.Fatalf("X-Request-Id %q", w.Header().Get("X-Request-Id"))
		}
		b := bytes.TrimSpace(w.Body.Bytes())
		if !json.Valid(b) || len(b) == 0 || b[0] != '{' {
			t.Fatalf("%s %q: body is not a JSON object: %q", method, path, b)
		}
		if w.Code >= 400 {
			var e struct {
				Error struct {
					Type    string `json:"type"`
					Message string `json:"message"`
				} `json:"error"`
			}
			if err := json.Unmarshal(b, &e); err != nil || e.Error.Type == "" || e.Error.Message == "" {
				t.Fatalf("%s %q: %d without an error body: %s", method, path, w.Code, b)
			}
		}
	})
}
