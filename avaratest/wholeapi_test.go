package avaratest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fake's machinery (idempotency, faults, chaos, the request log) works
// the same for every operation, not only Express.

func TestMachineryOnEveryResource(t *testing.T) {
	study := func(uid string) map[string]any {
		return map[string]any{"studyInstanceUid": uid, "studyDescription": "x", "severity": "normal", "reportMetadata": map[string]any{}}
	}

	t.Run("a repeated Idempotency-Key replays a study's create instead of making two", func(t *testing.T) {
		srv := newTestServer(t)
		r := req{method: "POST", path: "/v1/autoScribe/studies", body: study("1.1"), header: withKey("k")}
		first := do(t, srv, r)
		second := do(t, srv, r)
		require.Equal(t, http.StatusOK, second.status)
		assert.Equal(t, first.body, second.body)
		assert.Equal(t, "true", second.header.Get("Idempotent-Replayed"))
		assert.Len(t, srv.Objects("AutoScribeStudy"), 1)
	})

	t.Run("an invite whose answer was lost is retried into one user and one invitation", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "POST", Path: "/v1/viewer/users", Drop: DropAfterRead})
		r := req{method: "POST", path: "/v1/viewer/users", body: viewerInvite("a@example.com"), header: withKey("invite-1")}
		_, err := send(t, srv, r)
		require.Error(t, err)
		res := do(t, srv, r)
		require.Equal(t, http.StatusOK, res.status)
		assert.Len(t, srv.Objects("ViewerUser"), 1)
		assert.Len(t, srv.Objects("ViewerInvitation"), 1)
		srv.RequireFaultsFired(t)
	})

	t.Run("chaos with drops and keys adds up to exactly one study per key", func(t *testing.T) {
		srv := newTestServer(t)
		srv.SetChaos(Chaos{Rate: 0.5, Seed: 3, Faults: []Fault{
			{Status: 503}, {Drop: DropBeforeRead}, {Drop: DropAfterRead},
		}})
		for i := range 20 {
			r := req{method: "POST", path: "/v1/viewer/studies", header: withKey(fmt.Sprint("s", i)),
				body: map[string]any{"studyInstanceUid": fmt.Sprint("2.", i), "studyDescription": "x", "severity": "normal"}}
			for attempt := 0; ; attempt++ {
				require.Less(t, attempt, 50, "chaos never let request %d through", i)
				if res, err := send(t, srv, r); err == nil && res.status == http.StatusOK {
					break
				}
			}
		}
		assert.Len(t, srv.Objects("ViewerStudy"), 20)
	})

	t.Run("the request log holds requests to every product", func(t *testing.T) {
		srv := newTestServer(t)
		do(t, srv, req{method: "GET", path: "/v1/viewer/users?limit=3"})
		do(t, srv, req{method: "GET", path: "/v1/autoScribe/reports?studyId=" + hexID("stu_", 1)})
		reqs := srv.Requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, "3", reqs[0].Query.Get("limit"))
		assert.Equal(t, http.StatusNotFound, reqs[1].Status)
	})

	t.Run("every operation's body is checked against openapi.yml", func(t *testing.T) {
		srv := newTestServer(t, WithObjects("AutoScribeUser", map[string]any{"userId": userID(1), "email": "a@example.com"}))
		tests := []struct {
			r         req
			param     string
			inMessage string
		}{
			{req{method: "POST", path: "/v1/autoScribe/studies", body: map[string]any{"studyInstanceUid": "1", "studyDescription": "x", "severity": "urgent", "reportMetadata": map[string]any{}}},
				"severity", "severity: must be one of normal, high, stat"},
			{req{method: "POST", path: "/v1/autoScribe/studies", body: map[string]any{"studyInstanceUid": "1", "studyDescription": "x", "severity": "high", "reportMetadata": map[string]any{"height": map[string]any{"unit": "ft", "value": 6}}}},
				"reportMetadata", "reportMetadata.height.unit: must be one of in, cm"},
			{req{method: "POST", path: "/v1/autoScribe/studies", body: map[string]any{"studyInstanceUid": "1", "studyDescription": "x", "severity": "high", "reportMetadata": map[string]any{}, "technologistNotes": make([]string, 51)}},
				"technologistNotes", "technologistNotes: at most 50 items allowed, got 51"},
			{req{method: "POST", path: "/v1/viewer/ephemeral-sessions", body: map[string]any{"retrievalId": "r", "hangingProtocol": map[string]any{"layout": "5x5", "viewportAssignments": []any{}}}},
				"hangingProtocol", "hangingProtocol.layout: must be one of 1x1"},
			{req{method: "PATCH", path: "/v1/viewer/users/" + userID(1), body: map[string]any{"level": "owner"}},
				"level", "level: must be one of admin, member"},
			{req{method: "POST", path: "/v1/autoScribe/users/reactivate", body: map[string]any{}},
				"userId", "userId: is required"},
			{req{method: "GET", path: "/v1/autoScribe/studies?studyReportStatus=assigned,done"},
				"studyReportStatus", `studyReportStatus: must be one of unassigned, assigned, in_progress, completed, addendum_active, got "done"`},
			{req{method: "GET", path: "/v1/autoScribe/users?canCreateReports=yes"},
				"canCreateReports", `canCreateReports: must be true or false, got "yes"`},
			{req{method: "GET", path: "/v1/autoScribe/users/invitations?startDate=2024-1-1"},
				"startDate", `startDate: must be a date, got "2024-1-1"`},
			{req{method: "GET", path: "/v1/autoScribe/studies/by-uid/1.2.x"},
				"studyInstanceUid", `studyInstanceUid: must match ^[0-9.]+$`},
			{req{method: "POST", path: "/v1/autoScribe/studies/external/reports", body: map[string]any{"studyId": hexID("stu_", 1), "reportFileUrl": "not a url"}},
				"reportFileUrl", `reportFileUrl: must be a uri, got "not a url"`},
			{req{method: "POST", path: "/v1/viewer/users", body: map[string]any{"canManageStudies": true, "clinicRole": "Other", "email": "a@example.com",
				"firstName": "a", "lastName": "b", "hasDashboardAccess": true, "level": "admin", "suffix1": 5}},
				"suffix1", "suffix1: must be a string, got an integer"},
			{req{method: "PATCH", path: "/v1/autoScribe/users/" + userID(1), body: map[string]any{"npiNumber": "123"}},
				"npiNumber", "npiNumber: must match ^[0-9]{10}$", // the body allows any string; the user it writes does not
			},
		}
		for _, tt := range tests {
			res := do(t, srv, tt.r)
			require.Equal(t, http.StatusBadRequest, res.status, "%s %s: %s", tt.r.method, tt.r.path, res.body)
			e := res.errorBody(t)
			assert.Equal(t, tt.param, e.Param, tt.r.path)
			assert.Contains(t, e.Message, tt.inMessage, tt.r.path)
		}
	})
}
