package avaratest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests drive every operation of openapi.yml with plain HTTP, as the
// SDK's services for most of them are generated elsewhere; they pin what
// the fake answers, whatever client asks.

// call sends a request that must succeed and returns its decoded answer.
func call(t testing.TB, srv *Server, method, path string, body any) map[string]any {
	t.Helper()
	res := do(t, srv, req{method: method, path: path, body: body})
	require.Equal(t, http.StatusOK, res.status, "%s %s: %s", method, path, res.body)
	var out map[string]any
	require.NoError(t, json.Unmarshal(res.body, &out))
	return out
}

// world is a fake holding one of everything, with the ids to reach them.
type world struct {
	srv *Server

	customer                                string
	asUser, asInvitation                    string
	viewerUser, viewerInvitation            string
	study, studyUID                         string
	external, externalUID, externalReport   string
	signed, signedUID, report               string
	viewerStudy, viewerStudyUID             string
	reference, referenceExternalID, userRef string
}

func autoScribeInvite(email string) map[string]any {
	return map[string]any{
		"canCreateReports": true, "npiNumber": "1234567890", "canManageStudies": true,
		"clinicRole": "Radiologist", "email": email, "firstName": "Ada", "lastName": "Lovelace",
		"hasDashboardAccess": true, "level": "admin", "phoneNumber": "5551234567",
		"middleName": "B", "suffix1": "MD",
	}
}

func viewerInvite(email string) map[string]any {
	return map[string]any{
		"canManageStudies": true, "clinicRole": "Physician", "email": email, "firstName": "Grace",
		"lastName": "Hopper", "hasDashboardAccess": false, "level": "member",
	}
}

func newWorld(t testing.TB, opts ...Option) *world {
	t.Helper()
	srv := newTestServer(t, opts...)
	w := &world{srv: srv}
	w.customer = create(t, srv, "Clinic", map[string]string{"region": "ne"}).ExpressCustomerID

	w.asUser = call(t, srv, "POST", "/v1/autoScribe/users", autoScribeInvite("ada@example.com"))["userId"].(string)
	w.asInvitation = srv.Objects("AutoScribeInvitation")[0]["invitationId"].(string)
	w.viewerUser = call(t, srv, "POST", "/v1/viewer/users", viewerInvite("grace@example.com"))["userId"].(string)
	w.viewerInvitation = srv.Objects("ViewerInvitation")[0]["invitationId"].(string)

	w.studyUID = "1.2.840.10008.1"
	w.study = call(t, srv, "POST", "/v1/autoScribe/studies", map[string]any{
		"studyInstanceUid": w.studyUID, "studyDescription": "Brain MRI with Contrast", "severity": "high",
		"reportMetadata": map[string]any{"patientName": "Doe^John", "sex": "male", "height": map[string]any{"unit": "cm", "value": 178}},
		"assignedTo":     w.asUser, "expressCustomerId": w.customer, "modality": "MR",
		"clinicalHistory": "headaches", "technologistNotes": []string{"motion"},
		"priorReports": []map[string]any{{"reportText": "normal", "studyDate": "2023-01-01"}},
		"metadata":     map[string]string{"ward": "3"},
	})["studyId"].(string)

	w.externalUID = "1.2.840.10008.2"
	w.external = call(t, srv, "POST", "/v1/autoScribe/studies/external", map[string]any{
		"studyInstanceUid": w.externalUID, "studyDescription": "Chest CT", "severity": "normal",
		"reportMetadata": map[string]any{"patientName": "Doe^Jane"},
		"reportText":     "No acute findings.", "readerName": "Dr. Who", "signedAt": "2020-01-01",
	})["studyId"].(string)
	w.externalReport = srv.Objects("ExternalReport")[0]["externalReportId"].(string)

	w.signedUID = "1.2.840.10008.3"
	signed, err := srv.AddObject("AutoScribeStudy", map[string]any{
		"studyInstanceUid": w.signedUID, "studyDescription": "Knee X-Ray", "severity": "normal",
		"reportMetadata": map[string]any{}, "studyReportStatus": "completed", "isCancelled": false,
		"cancelledAt": nil, "studyType": "standard",
	})
	require.NoError(t, err)
	w.signed = signed["studyId"].(string)
	report, err := srv.AddObject("Report", map[string]any{
		"studyId": w.signed, "status": "completed", "isAddendum": false, "isCritical": false,
		"userId": w.asUser, "signedAt": "2024-01-15T09:00:00Z", "snapshotMetadata": map[string]any{"patientName": "Roe^Richard"},
		"reportPlainText": "Normal knee.",
	})
	require.NoError(t, err)
	w.report = report["reportId"].(string)

	w.viewerStudyUID = "1.2.840.10008.4"
	w.viewerStudy = call(t, srv, "POST", "/v1/viewer/studies", map[string]any{
		"studyInstanceUid": w.viewerStudyUID, "studyDescription": "Hand X-Ray", "severity": "stat",
		"assignedTo": w.viewerUser, "expressCustomerId": w.customer, "metadata": map[string]string{"a": "b"},
	})["studyId"].(string)

	w.referenceExternalID = "FAC-001"
	w.reference = call(t, srv, "POST", "/v1/autoScribe/clinicalReferences", map[string]any{
		"name": "Main Hospital", "type": "facility", "expressCustomerId": w.customer,
		"externalReferenceId": w.referenceExternalID, "metadata": map[string]string{"city": "Boston"},
	})["clinicalReferenceId"].(string)
	w.userRef = userID(42)
	return w
}

// operationCase is a valid request for one operation, against a world.
type operationCase struct {
	before func(t *testing.T, w *world)
	req    func(w *world) req
}

func post(path string, body any) func(*world) req {
	return func(*world) req { return req{method: "POST", path: path, body: body} }
}

// operationCases has one valid request per operation of openapi.yml, by
// operationId, with every parameter it takes set where the state allows.
var operationCases = map[string]operationCase{
	// Express
	"expressCreate": {req: post("/v1/express", map[string]any{"expressCustomerName": "New", "metadata": map[string]string{"k": "v"}})},
	"expressList": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/express?limit=1&cursor=" + url.QueryEscape(encodeCursor(0, ""))}
	}},
	"expressRetrieve": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/express/" + w.customer}
	}},
	"expressUpdate": {req: func(w *world) req {
		return req{method: "PATCH", path: "/v1/express/" + w.customer, body: map[string]any{"expressCustomerName": "Renamed", "metadata": nil}}
	}},
	"expressDeactivate": {req: func(w *world) req { return req{method: "POST", path: "/v1/express/" + w.customer + "/deactivate"} }},
	"expressReactivate": {req: func(w *world) req { return req{method: "POST", path: "/v1/express/" + w.customer + "/reactivate"} }},
	"expressUsersAdd": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/express/" + w.customer + "/users", body: map[string]string{"userId": w.asUser}}
	}},
	"expressUsersRemove": {
		before: func(t *testing.T, w *world) {
			call(t, w.srv, "POST", "/v1/express/"+w.customer+"/users", map[string]string{"userId": w.asUser})
		},
		req: func(w *world) req {
			return req{method: "DELETE", path: "/v1/express/" + w.customer + "/users", body: map[string]string{"userId": w.asUser}}
		},
	},

	// AutoScribe.ClinicalReferences
	"autoScribeClinicalReferencesCreate": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/clinicalReferences", body: map[string]any{
			"name": "Dr. Referrer", "type": "referring_provider", "expressCustomerId": w.customer,
			"externalReferenceId": "REF-9", "metadata": map[string]string{"npi": "1"},
		}}
	}},
	"autoScribeClinicalReferencesList": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/clinicalReferences?limit=10&type=facility&isActive=true&expressCustomerId=" + w.customer}
	}},
	"autoScribeClinicalReferencesRetrieve": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/clinicalReferences/" + w.reference}
	}},
	"autoScribeClinicalReferencesUpdate": {req: func(w *world) req {
		return req{method: "PATCH", path: "/v1/autoScribe/clinicalReferences/" + w.reference, body: map[string]any{
			"name": "Main Hospital East", "metadata": nil, "expressCustomerId": w.customer,
		}}
	}},
	"autoScribeClinicalReferencesDelete": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/clinicalReferences/" + w.reference + "/delete"}
	}},
	"autoScribeClinicalReferencesRetrieveByExternalReferenceID": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/clinicalReferences/byExternalReferenceId/" + w.referenceExternalID}
	}},

	// Ephemeral sessions
	"autoScribeEphemeralSessionsCreate": {req: post("/v1/autoScribe/ephemeral-sessions", map[string]any{
		"retrievalId": "acc-123", "options": map[string]any{"studyInstanceUids": []string{"1.2.3"}},
		"hangingProtocol": map[string]any{"layout": "2x2", "viewportAssignments": []any{"1.2.3", nil}},
	})},
	"viewerEphemeralSessionsCreate": {req: post("/v1/viewer/ephemeral-sessions", map[string]any{
		"retrievalId": "acc-124", "hangingProtocol": map[string]any{"layout": "1x1", "viewportAssignments": []any{}},
	})},

	// AutoScribe.Studies
	"autoScribeStudiesCreate": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/studies", body: map[string]any{
			"studyInstanceUid": "1.2.840.10008.9", "studyDescription": "Abdomen CT", "severity": "stat",
			"reportMetadata": map[string]any{"age": "34 years", "weight": map[string]any{"unit": "kg", "value": 68.5}},
			"assignedTo":     w.asUser, "expressCustomerId": w.customer, "clinicalIndication": "pain",
			"clinicalHistory": nil, "externalPatientId": "P-1", "modality": "CT", "technologistTechnique": "helical",
			"technologistNotes": []string{"contrast"}, "priorReports": []map[string]any{{"reportText": "x", "modality": "CT"}},
			"metadata": map[string]string{"k": "v"},
		}}
	}},
	"autoScribeStudiesList": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/studies?limit=5&assignedTo=" + w.asUser + "&expressCustomerId=" + w.customer +
			"&isCancelled=false&severity=high&studyDescription=brain&studyReportStatus=assigned,unassigned&studyType=standard"}
	}},
	"autoScribeStudiesRetrieve": {req: func(w *world) req { return req{method: "GET", path: "/v1/autoScribe/studies/" + w.study} }},
	"autoScribeStudiesUpdate": {req: func(w *world) req {
		return req{method: "PATCH", path: "/v1/autoScribe/studies/" + w.study, body: map[string]any{
			"studyDescription": "Brain MRI", "severity": "normal", "clinicalHistory": nil, "modality": "MRI",
			"reportMetadata": map[string]any{"sex": nil, "mrn": "123"}, "technologistNotes": nil,
			"priorReports": []map[string]any{}, "metadata": map[string]string{"ward": "4"},
		}}
	}},
	"autoScribeStudiesCancel": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/studies/cancel", body: map[string]string{"studyId": w.study}}
	}},
	"autoScribeStudiesRerouteURL": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/studies/reroute-url", body: map[string]string{"studyId": w.study, "assignedToUserId": w.asUser}}
	}},
	"autoScribeStudiesRetrieveByUid": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/studies/by-uid/" + w.studyUID}
	}},
	"autoScribeStudiesUncancel": {
		before: func(t *testing.T, w *world) {
			call(t, w.srv, "POST", "/v1/autoScribe/studies/cancel", map[string]string{"studyInstanceUid": w.studyUID})
		},
		req: func(w *world) req {
			return req{method: "POST", path: "/v1/autoScribe/studies/uncancel", body: map[string]string{"studyInstanceUid": w.studyUID}}
		},
	},
	"autoScribeStudiesViewerOnlyRerouteURL": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/studies/viewer-only-reroute-url", body: map[string]string{"studyInstanceUid": w.studyUID, "userId": w.asUser}}
	}},

	// AutoScribe.Studies.External and its reports
	"autoScribeStudiesExternalCreate": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/studies/external", body: map[string]any{
			"studyInstanceUid": "1.2.840.10008.8", "studyDescription": "Old CT", "severity": "normal",
			"reportMetadata": map[string]any{"studyDate": "2019-05-01"}, "expressCustomerId": w.customer,
			"externalPatientId": "P-1", "modality": "CT", "metadata": map[string]string{"src": "pacs"},
			"reportFileUrl": "https://files.example.com/r.pdf", "reportFileName": "r.pdf", "reportText": "Old findings.",
			"readerName": "Dr. Old", "signedAt": "2019-05-02",
		}}
	}},
	"autoScribeStudiesExternalDelete": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/studies/external/delete", body: map[string]string{"studyId": w.external}}
	}},
	"autoScribeStudiesExternalReportsCreate": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/studies/external/reports", body: map[string]any{
			"studyInstanceUid": w.externalUID, "readerName": "Dr. New", "signedAt": "yesterday",
			"reportFileUrl": "https://files.example.com/s.png", "reportFileName": "s.png",
		}}
	}},
	"autoScribeStudiesExternalReportsList": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/studies/external/reports?limit=10&studyId=" + w.external}
	}},
	"autoScribeStudiesExternalReportsRetrieve": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/studies/external/reports/" + w.externalReport}
	}},

	// AutoScribe.Reports
	"autoScribeReportsList": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/reports?studyId=" + w.signed + "&studyInstanceUid=" + w.signedUID}
	}},
	"autoScribeReportsAddendum": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/reports/" + w.report + "/addendum"}
	}},
	"autoScribeReportsCancelAddendum": {
		before: func(t *testing.T, w *world) {
			call(t, w.srv, "POST", "/v1/autoScribe/reports/"+w.report+"/addendum", nil)
		},
		req: func(w *world) req {
			return req{method: "POST", path: "/v1/autoScribe/reports/" + w.report + "/cancel-addendum"}
		},
	},
	"autoScribeReportsPdf": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/reports/pdf?reportId=" + w.report}
	}},
	"autoScribeReportsText": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/reports/text?studyInstanceUid=" + w.signedUID}
	}},

	// Viewer.Studies
	"viewerStudiesCreate": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/viewer/studies", body: map[string]any{
			"studyInstanceUid": "1.2.840.10008.7", "studyDescription": "Foot X-Ray", "severity": "normal",
			"assignedTo": w.viewerUser, "expressCustomerId": w.customer, "metadata": map[string]string{"k": "v"},
		}}
	}},
	"viewerStudiesList": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/viewer/studies?limit=5&assignedTo=" + w.viewerUser + "&expressCustomerId=" + w.customer +
			"&isCancelled=false&severity=stat&studyDescription=hand&studyViewerStatus=incomplete"}
	}},
	"viewerStudiesRetrieve": {req: func(w *world) req { return req{method: "GET", path: "/v1/viewer/studies/" + w.viewerStudy} }},
	"viewerStudiesUpdate": {req: func(w *world) req {
		return req{method: "PATCH", path: "/v1/viewer/studies/" + w.viewerStudy, body: map[string]any{
			"studyDescription": "Left hand X-Ray", "severity": "high", "studyViewerStatus": "complete",
			"assignedTo": w.viewerUser, "metadata": nil,
		}}
	}},
	"viewerStudiesCancel": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/viewer/studies/cancel", body: map[string]string{"studyId": w.viewerStudy}}
	}},
	"viewerStudiesRerouteURL": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/viewer/studies/reroute-url", body: map[string]string{"studyId": w.viewerStudy, "studyInstanceUid": w.viewerStudyUID}}
	}},
	"viewerStudiesRetrieveByUid": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/viewer/studies/by-uid/" + w.viewerStudyUID}
	}},
	"viewerStudiesUncancel": {
		before: func(t *testing.T, w *world) {
			call(t, w.srv, "POST", "/v1/viewer/studies/cancel", map[string]string{"studyId": w.viewerStudy})
		},
		req: func(w *world) req {
			return req{method: "POST", path: "/v1/viewer/studies/uncancel", body: map[string]string{"studyId": w.viewerStudy}}
		},
	},

	// AutoScribe.Users and their invitations
	"autoScribeUsersList": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/users?limit=5&canCreateReports=true&email=ada%40example.com&firstName=ad&lastName=love&invitedSource=api&level=admin"}
	}},
	"autoScribeUsersInvite": {req: post("/v1/autoScribe/users", autoScribeInvite("new@example.com"))},
	"autoScribeUsersReactivate": {
		before: func(t *testing.T, w *world) {
			call(t, w.srv, "POST", "/v1/autoScribe/users/revoke-access", map[string]string{"userId": w.asUser})
		},
		req: func(w *world) req {
			return req{method: "POST", path: "/v1/autoScribe/users/reactivate", body: map[string]string{"userId": w.asUser}}
		},
	},
	"autoScribeUsersRevokeAccess": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/users/revoke-access", body: map[string]string{"userId": w.asUser}}
	}},
	"autoScribeUsersRetrieve": {req: func(w *world) req { return req{method: "GET", path: "/v1/autoScribe/users/" + w.asUser} }},
	"autoScribeUsersUpdate": {req: func(w *world) req {
		return req{method: "PATCH", path: "/v1/autoScribe/users/" + w.asUser, body: map[string]any{
			"firstName": "Augusta", "middleName": nil, "clinicRole": "Oncologist", "level": "member",
			"canCreateReports": true, "npiNumber": "0987654321", "phoneNumber": nil,
		}}
	}},
	"autoScribeUsersInvitationsList": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/users/invitations?limit=5&status=sent,accepted&expired=not-expired&startDate=2000-01-01&endDate=2999-12-31&userId=" + w.asUser}
	}},
	"autoScribeUsersInvitationsRevoke": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/autoScribe/users/invitations/revoke", body: map[string]string{"invitationId": w.asInvitation, "userId": w.asUser}}
	}},
	"autoScribeUsersInvitationsRetrieve": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/autoScribe/users/invitations/" + w.asInvitation}
	}},
	"autoScribeUsersInvitationsUpdate": {req: func(w *world) req {
		return req{method: "PATCH", path: "/v1/autoScribe/users/invitations/" + w.asInvitation, body: map[string]any{
			"lastName": "Byron", "suffix2": nil, "canManageStudies": false, "clinicRole": nil,
		}}
	}},

	// Viewer.Users and their invitations
	"viewerUsersList": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/viewer/users?limit=5&email=grace%40example.com&firstName=gra&lastName=hop&invitedSource=api&level=member"}
	}},
	"viewerUsersInvite": {req: post("/v1/viewer/users", viewerInvite("new@example.com"))},
	"viewerUsersReactivate": {
		before: func(t *testing.T, w *world) {
			call(t, w.srv, "POST", "/v1/viewer/users/revoke-access", map[string]string{"userId": w.viewerUser})
		},
		req: func(w *world) req {
			return req{method: "POST", path: "/v1/viewer/users/reactivate", body: map[string]string{"userId": w.viewerUser}}
		},
	},
	"viewerUsersRevokeAccess": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/viewer/users/revoke-access", body: map[string]string{"userId": w.viewerUser}}
	}},
	"viewerUsersRetrieve": {req: func(w *world) req { return req{method: "GET", path: "/v1/viewer/users/" + w.viewerUser} }},
	"viewerUsersUpdate": {req: func(w *world) req {
		return req{method: "PATCH", path: "/v1/viewer/users/" + w.viewerUser, body: map[string]any{
			"lastName": "Murray Hopper", "hasDashboardAccess": true, "suffix1": nil,
		}}
	}},
	"viewerUsersInvitationsList": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/viewer/users/invitations?limit=5&status=sent&expired=all&userId=" + w.viewerUser}
	}},
	"viewerUsersInvitationsRevoke": {req: func(w *world) req {
		return req{method: "POST", path: "/v1/viewer/users/invitations/revoke", body: map[string]string{"userId": w.viewerUser}}
	}},
	"viewerUsersInvitationsRetrieve": {req: func(w *world) req {
		return req{method: "GET", path: "/v1/viewer/users/invitations/" + w.viewerInvitation}
	}},
	"viewerUsersInvitationsUpdate": {req: func(w *world) req {
		return req{method: "PATCH", path: "/v1/viewer/users/invitations/" + w.viewerInvitation, body: map[string]any{
			"firstName": "Amazing", "level": "admin", "middleName": nil,
		}}
	}},
}

func TestEveryOperation(t *testing.T) {
	t.Run("openapi.yml has 63 operations, and this table a request for each", func(t *testing.T) {
		require.Len(t, api.ops, 63)
		ids := map[string]bool{}
		for _, op := range api.ops {
			ids[op.id] = true
			assert.Contains(t, operationCases, op.id)
		}
		for id := range operationCases {
			assert.True(t, ids[id], "the table has %s, which openapi.yml does not", id)
		}
	})

	for _, op := range api.ops {
		tc, ok := operationCases[op.id]
		if !ok {
			continue
		}
		t.Run(op.id+" answers a valid request with a body its response schema accepts", func(t *testing.T) {
			w := newWorld(t)
			if tc.before != nil {
				tc.before(t, w)
			}
			r := tc.req(w)
			res := do(t, w.srv, r)
			require.Equal(t, http.StatusOK, res.status, "%s %s: %s", r.method, r.path, res.body)
			got, _, _ := route(mustSplit(t, r.path), r.method)
			require.Equal(t, op.id, got.id, "the request reached its operation")
			require.NoError(t, conforms(op.response, res.body))
		})
	}
}

func mustSplit(t testing.TB, path string) []string {
	u, err := url.Parse(path)
	require.NoError(t, err)
	segs, ok := splitPath(u)
	require.True(t, ok)
	return segs
}

// conforms checks an answer against a response schema as a strict client
// would: types, required fields, nullability, enums, patterns and formats
// (openapi.yml's own rules, as the fake applies them to requests), and no
// field the schema does not name.
func conforms(rule *schemaRule, body []byte) error {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return err
	}
	return conformsValue(rule, v, "")
}

func conformsValue(rule *schemaRule, v any, path string) error {
	if e := rule.check(path, v); e != nil {
		return fmt.Errorf("%s (in %s)", e.message, clip(fmt.Sprint(v), 300))
	}
	if len(rule.oneOf) > 0 {
		for _, alt := range rule.oneOf {
			if alt.check(path, v) == nil {
				return conformsValue(alt, v, path)
			}
		}
	}
	switch v := v.(type) {
	case map[string]any:
		if len(rule.properties) == 0 {
			return nil
		}
		for k, x := range v {
			p := rule.property(k)
			if p == nil {
				return fmt.Errorf("%s: not a field of %s", join(path, k), rule.name)
			}
			if err := conformsValue(p.rule, x, join(path, k)); err != nil {
				return err
			}
		}
	case []any:
		for i, x := range v {
			if err := conformsValue(rule.items, x, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
}
