package avaratest

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/avara/avara-go/internal/fakeclock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The state changes the official descriptions document, each seen through
// the API's own reads.

func TestStudyCancellation(t *testing.T) {
	for _, product := range []string{"autoScribe", "viewer"} {
		t.Run(product, func(t *testing.T) {
			clock := fakeclock.New(t0)
			w := newWorld(t, WithClock(clock.Now))
			id, uid := w.study, w.studyUID
			if product == "viewer" {
				id, uid = w.viewerStudy, w.viewerStudyUID
			}
			base := "/v1/" + product + "/studies"
			get := func(t *testing.T) map[string]any { return call(t, w.srv, "GET", base+"/"+id, nil) }

			t.Run("a cancelled study reads as cancelled, with when", func(t *testing.T) {
				clock.Advance(time.Minute)
				ok := call(t, w.srv, "POST", base+"/cancel", map[string]string{"studyId": id})
				assert.Equal(t, true, ok["success"])
				s := get(t)
				assert.Equal(t, true, s["isCancelled"])
				assert.Equal(t, "2024-01-15T09:01:00Z", s["cancelledAt"])
				assert.Equal(t, "2024-01-15T09:01:00Z", s["updatedAt"])
			})

			t.Run("a cancelled study is found by the isCancelled filter", func(t *testing.T) {
				page := call(t, w.srv, "GET", base+"?isCancelled=true", nil)
				require.Len(t, page["studies"], 1)
				assert.Equal(t, id, page["studies"].([]any)[0].(map[string]any)["studyId"])
				assert.Empty(t, call(t, w.srv, "GET", base+"?isCancelled=false&studyDescription="+url.QueryEscape("X-Ray Brain MRI"), nil)["studies"])
			})

			t.Run("uncancel, naming the study by its DICOM UID, restores it", func(t *testing.T) {
				call(t, w.srv, "POST", base+"/uncancel", map[string]string{"studyInstanceUid": uid})
				s := get(t)
				assert.Equal(t, false, s["isCancelled"])
				assert.Nil(t, s["cancelledAt"])
			})

			t.Run("uncancelling a study that is not cancelled is a 409 that should not be retried", func(t *testing.T) {
				res := do(t, w.srv, req{method: "POST", path: base + "/uncancel", body: map[string]string{"studyId": id}})
				require.Equal(t, http.StatusConflict, res.status, "%s", res.body)
				assert.Equal(t, "false", res.header.Get("X-Should-Retry"))
				e := res.errorBody(t)
				assert.Equal(t, "conflict_error", e.Type)
				assert.Equal(t, "studyId", e.Param)
				assert.Contains(t, e.Message, "is not cancelled")
			})

			t.Run("cancel names the study by id or UID, and needs one", func(t *testing.T) {
				res := do(t, w.srv, req{method: "POST", path: base + "/cancel", body: map[string]string{}})
				require.Equal(t, http.StatusBadRequest, res.status)
				assert.Equal(t, "studyId: is required: give studyId or studyInstanceUid", res.errorBody(t).Message)
				res = do(t, w.srv, req{method: "POST", path: base + "/cancel", body: map[string]string{"studyId": hexID("stu_", 9)}})
				assert.Equal(t, http.StatusNotFound, res.status)
				res = do(t, w.srv, req{method: "POST", path: base + "/cancel", body: map[string]string{"studyId": id, "studyInstanceUid": "9.9"}})
				assert.Equal(t, http.StatusNotFound, res.status, "an id and a UID of different studies name none")
			})
		})
	}
}

func TestStudyLookups(t *testing.T) {
	w := newWorld(t)

	t.Run("a study is found by its DICOM UID", func(t *testing.T) {
		s := call(t, w.srv, "GET", "/v1/autoScribe/studies/by-uid/"+w.studyUID, nil)
		assert.Equal(t, w.study, s["studyId"])
		v := call(t, w.srv, "GET", "/v1/viewer/studies/by-uid/"+w.viewerStudyUID, nil)
		assert.Equal(t, w.viewerStudy, v["studyId"])
	})

	t.Run("an unknown UID is 404 naming it", func(t *testing.T) {
		res := do(t, w.srv, req{method: "GET", path: "/v1/autoScribe/studies/by-uid/9.9.9"})
		require.Equal(t, http.StatusNotFound, res.status)
		assert.Equal(t, "studyInstanceUid", res.errorBody(t).Param)
	})

	t.Run("a second study with the same UID is a 409", func(t *testing.T) {
		res := do(t, w.srv, req{method: "POST", path: "/v1/viewer/studies", body: map[string]any{
			"studyInstanceUid": w.viewerStudyUID, "studyDescription": "again", "severity": "normal"}})
		require.Equal(t, http.StatusConflict, res.status, "%s", res.body)
		assert.Equal(t, "studyInstanceUid", res.errorBody(t).Param)
	})

	t.Run("a study names users and customers that exist, or is refused with 404", func(t *testing.T) {
		for field, id := range map[string]string{"assignedTo": userID(7), "expressCustomerId": customerID(7)} {
			body := map[string]any{"studyInstanceUid": "5.5", "studyDescription": "x", "severity": "normal", "reportMetadata": map[string]any{}, field: id}
			res := do(t, w.srv, req{method: "POST", path: "/v1/autoScribe/studies", body: body})
			require.Equal(t, http.StatusNotFound, res.status, "%s", res.body)
			assert.Equal(t, field, res.errorBody(t).Param)
		}
	})

	t.Run("a study shows its user and customer as they are now", func(t *testing.T) {
		call(t, w.srv, "PATCH", "/v1/autoScribe/users/"+w.asUser, map[string]any{"firstName": "Augusta"})
		call(t, w.srv, "PATCH", "/v1/express/"+w.customer, map[string]any{"expressCustomerName": "Clinic II"})
		s := call(t, w.srv, "GET", "/v1/autoScribe/studies/"+w.study, nil)
		assert.Equal(t, "Augusta", s["assignedTo"].(map[string]any)["firstName"])
		assert.Equal(t, "Clinic II", s["expressCustomer"].(map[string]any)["expressCustomerName"])
	})

	t.Run("an update merges report metadata and null clears a field", func(t *testing.T) {
		s := call(t, w.srv, "PATCH", "/v1/autoScribe/studies/"+w.study, map[string]any{
			"reportMetadata": map[string]any{"sex": nil, "mrn": "42"}, "clinicalHistory": nil, "technologistNotes": []string{"a", "b"},
		})
		assert.Equal(t, map[string]any{"patientName": "Doe^John", "mrn": "42", "height": map[string]any{"unit": "cm", "value": float64(178)}}, s["reportMetadata"])
		assert.NotContains(t, s, "clinicalHistory")
		assert.Equal(t, []any{"a", "b"}, s["technologistNotes"])
	})

	t.Run("an unassigned study becomes assigned when given a user", func(t *testing.T) {
		s := call(t, w.srv, "POST", "/v1/autoScribe/studies", map[string]any{
			"studyInstanceUid": "6.6", "studyDescription": "x", "severity": "normal", "reportMetadata": map[string]any{}})
		assert.Equal(t, "unassigned", s["studyReportStatus"])
		s = call(t, w.srv, "PATCH", "/v1/autoScribe/studies/"+s["studyId"].(string), map[string]any{"assignedTo": w.asUser})
		assert.Equal(t, "assigned", s["studyReportStatus"])
	})

	t.Run("a list walks with cursors through the studies its filters keep", func(t *testing.T) {
		for i := range 5 {
			call(t, w.srv, "POST", "/v1/viewer/studies", map[string]any{
				"studyInstanceUid": "7." + string(rune('0'+i)), "studyDescription": "Spine MRI", "severity": "normal"})
		}
		var seen []any
		path := "/v1/viewer/studies?limit=2&studyDescription=spine"
		for pages := 1; ; pages++ {
			require.Less(t, pages, 10)
			page := call(t, w.srv, "GET", path, nil)
			seen = append(seen, page["studies"].([]any)...)
			if page["hasMore"] != true {
				assert.Nil(t, page["cursor"])
				assert.Equal(t, 3, pages)
				break
			}
			path = "/v1/viewer/studies?limit=2&studyDescription=spine&cursor=" + url.QueryEscape(page["cursor"].(string))
		}
		assert.Len(t, seen, 5)
	})
}

func TestClinicalReferenceDeletion(t *testing.T) {
	w := newWorld(t)
	path := "/v1/autoScribe/clinicalReferences/" + w.reference

	t.Run("it is found by its external reference id while it lives", func(t *testing.T) {
		ref := call(t, w.srv, "GET", "/v1/autoScribe/clinicalReferences/byExternalReferenceId/"+w.referenceExternalID, nil)
		assert.Equal(t, w.reference, ref["clinicalReferenceId"])
	})

	t.Run("delete answers it inactive, its name suffixed", func(t *testing.T) {
		ref := call(t, w.srv, "POST", path+"/delete", nil)
		assert.Equal(t, false, ref["isActive"])
		assert.Contains(t, ref["name"], "Main Hospital (deleted ")
	})

	t.Run("a deleted reference is gone: 404 by id, by external id, and for another delete", func(t *testing.T) {
		for _, r := range []req{
			{method: "GET", path: path},
			{method: "PATCH", path: path, body: map[string]string{"name": "x"}},
			{method: "POST", path: path + "/delete"},
			{method: "GET", path: "/v1/autoScribe/clinicalReferences/byExternalReferenceId/" + w.referenceExternalID},
		} {
			res := do(t, w.srv, r)
			assert.Equal(t, http.StatusNotFound, res.status, "%s %s: %s", r.method, r.path, res.body)
		}
		_, ok := w.srv.Object("ClinicalReference", w.reference)
		assert.False(t, ok)
	})

	t.Run("lists leave it out, unless asked for inactive references, as the docs say", func(t *testing.T) {
		assert.Empty(t, call(t, w.srv, "GET", "/v1/autoScribe/clinicalReferences", nil)["clinicalReferences"])
		inactive := call(t, w.srv, "GET", "/v1/autoScribe/clinicalReferences?isActive=false", nil)["clinicalReferences"].([]any)
		require.Len(t, inactive, 1)
		assert.Equal(t, w.reference, inactive[0].(map[string]any)["clinicalReferenceId"])
	})

	t.Run("its name and external id are free again", func(t *testing.T) {
		call(t, w.srv, "POST", "/v1/autoScribe/clinicalReferences", map[string]any{
			"name": "Main Hospital", "type": "facility", "externalReferenceId": w.referenceExternalID})
	})

	t.Run("a live name of the same type, or external id, is a 409", func(t *testing.T) {
		res := do(t, w.srv, req{method: "POST", path: "/v1/autoScribe/clinicalReferences", body: map[string]any{"name": "Main Hospital", "type": "facility"}})
		require.Equal(t, http.StatusConflict, res.status)
		assert.Equal(t, "type", res.errorBody(t).Param)
		call(t, w.srv, "POST", "/v1/autoScribe/clinicalReferences", map[string]any{"name": "Main Hospital", "type": "procedure"})
	})
}

func TestUserAccess(t *testing.T) {
	w := newWorld(t)

	t.Run("an invite makes the user and a pending invitation for them", func(t *testing.T) {
		u := call(t, w.srv, "GET", "/v1/autoScribe/users/"+w.asUser, nil)
		assert.Equal(t, "api", u["invitedSource"])
		assert.Nil(t, u["lastLoginAt"])
		inv := call(t, w.srv, "GET", "/v1/autoScribe/users/invitations/"+w.asInvitation, nil)
		assert.Equal(t, "sent", inv["status"])
		assert.Equal(t, w.asUser, inv["userId"])
		assert.Equal(t, "ada@example.com", inv["email"])
	})

	for _, product := range []string{"autoScribe", "viewer"} {
		id := w.asUser
		if product == "viewer" {
			id = w.viewerUser
		}
		base := "/v1/" + product + "/users"
		t.Run(product+": revoked access shows: the user's permissions read false", func(t *testing.T) {
			before := call(t, w.srv, "GET", base+"/"+id, nil)
			call(t, w.srv, "POST", base+"/revoke-access", map[string]string{"userId": id})
			u := call(t, w.srv, "GET", base+"/"+id, nil)
			assert.Equal(t, false, u["canManageStudies"])
			assert.Equal(t, false, u["hasDashboardAccess"])
			if product == "autoScribe" {
				assert.Equal(t, false, u["canCreateReports"])
			}
			obj, _ := w.srv.Object(resourceName(product, "User"), id)
			assert.Equal(t, true, obj["accessRevoked"])

			t.Run("lists filter the user as they read", func(t *testing.T) {
				page := call(t, w.srv, "GET", base+"?canCreateReports=false", nil)
				if product == "autoScribe" {
					assert.Len(t, page["users"], 1)
				}
			})

			t.Run("reactivate restores the permissions they had", func(t *testing.T) {
				call(t, w.srv, "POST", base+"/reactivate", map[string]string{"userId": id})
				assert.Equal(t, before, call(t, w.srv, "GET", base+"/"+id, nil))
			})
		})
	}

	t.Run("a user who can create reports needs an NPI number", func(t *testing.T) {
		body := autoScribeInvite("npi@example.com")
		delete(body, "npiNumber")
		res := do(t, w.srv, req{method: "POST", path: "/v1/autoScribe/users", body: body})
		require.Equal(t, http.StatusBadRequest, res.status)
		assert.Equal(t, "npiNumber: is required when canCreateReports is true", res.errorBody(t).Message)

		res = do(t, w.srv, req{method: "PATCH", path: "/v1/autoScribe/users/" + w.asUser, body: map[string]any{"npiNumber": nil}})
		require.Equal(t, http.StatusBadRequest, res.status, "the rule holds for the user as updated")
	})

	t.Run("a second user with the same email is a 409", func(t *testing.T) {
		res := do(t, w.srv, req{method: "POST", path: "/v1/viewer/users", body: viewerInvite("grace@example.com")})
		assert.Equal(t, http.StatusConflict, res.status)
	})

	t.Run("users are filtered by name parts and permissions", func(t *testing.T) {
		assert.Len(t, call(t, w.srv, "GET", "/v1/autoScribe/users?firstName=AD&canCreateReports=true", nil)["users"], 1)
		assert.Empty(t, call(t, w.srv, "GET", "/v1/autoScribe/users?firstName=zz", nil)["users"])
		assert.Empty(t, call(t, w.srv, "GET", "/v1/autoScribe/users?level=owner", nil)["users"])
	})
}

func resourceName(product, what string) string {
	if product == "viewer" {
		return "Viewer" + what
	}
	return "AutoScribe" + what
}

func TestInvitationRevocation(t *testing.T) {
	w := newWorld(t)

	t.Run("a revoked invitation shows revoked", func(t *testing.T) {
		call(t, w.srv, "POST", "/v1/autoScribe/users/invitations/revoke", map[string]string{"invitationId": w.asInvitation})
		inv := call(t, w.srv, "GET", "/v1/autoScribe/users/invitations/"+w.asInvitation, nil)
		assert.Equal(t, "revoked", inv["status"])
	})

	t.Run("the status filter finds it", func(t *testing.T) {
		assert.Len(t, call(t, w.srv, "GET", "/v1/autoScribe/users/invitations?status=revoked,rejected", nil)["invitations"], 1)
		assert.Empty(t, call(t, w.srv, "GET", "/v1/autoScribe/users/invitations?status=sent", nil)["invitations"])
	})

	t.Run("it can be neither revoked again nor updated: 409", func(t *testing.T) {
		res := do(t, w.srv, req{method: "POST", path: "/v1/autoScribe/users/invitations/revoke", body: map[string]string{"invitationId": w.asInvitation}})
		require.Equal(t, http.StatusConflict, res.status)
		assert.Contains(t, res.errorBody(t).Message, "is revoked, not pending")
		res = do(t, w.srv, req{method: "PATCH", path: "/v1/autoScribe/users/invitations/" + w.asInvitation, body: map[string]string{"firstName": "x"}})
		assert.Equal(t, http.StatusConflict, res.status)
	})

	t.Run("an invitation is revoked by its user's id too", func(t *testing.T) {
		call(t, w.srv, "POST", "/v1/viewer/users/invitations/revoke", map[string]string{"userId": w.viewerUser})
		assert.Equal(t, "revoked", call(t, w.srv, "GET", "/v1/viewer/users/invitations/"+w.viewerInvitation, nil)["status"])
	})

	t.Run("invitations filter by expiry against the clock", func(t *testing.T) {
		clock := fakeclock.New(t0)
		w := newWorld(t, WithClock(clock.Now))
		assert.Len(t, call(t, w.srv, "GET", "/v1/viewer/users/invitations?expired=not-expired", nil)["invitations"], 1)
		clock.Advance(8 * 24 * time.Hour)
		assert.Len(t, call(t, w.srv, "GET", "/v1/viewer/users/invitations?expired=expired", nil)["invitations"], 1)
		assert.Len(t, call(t, w.srv, "GET", "/v1/viewer/users/invitations?startDate=2024-01-15&endDate=2024-01-15", nil)["invitations"], 1)
		assert.Empty(t, call(t, w.srv, "GET", "/v1/viewer/users/invitations?startDate=2024-01-16", nil)["invitations"])
	})
}

func TestReports(t *testing.T) {
	w := newWorld(t)
	study := func(t *testing.T) map[string]any {
		return call(t, w.srv, "GET", "/v1/autoScribe/studies/"+w.signed, nil)
	}

	t.Run("an addendum makes the study's status addendum_active", func(t *testing.T) {
		call(t, w.srv, "POST", "/v1/autoScribe/reports/"+w.report+"/addendum", nil)
		assert.Equal(t, "addendum_active", study(t)["studyReportStatus"])
	})

	t.Run("a second addendum while one is active is a 409", func(t *testing.T) {
		res := do(t, w.srv, req{method: "POST", path: "/v1/autoScribe/reports/" + w.report + "/addendum"})
		assert.Equal(t, http.StatusConflict, res.status)
	})

	t.Run("cancelling the addendum reverts the study to completed", func(t *testing.T) {
		call(t, w.srv, "POST", "/v1/autoScribe/reports/"+w.report+"/cancel-addendum", nil)
		assert.Equal(t, "completed", study(t)["studyReportStatus"])
		res := do(t, w.srv, req{method: "POST", path: "/v1/autoScribe/reports/" + w.report + "/cancel-addendum"})
		assert.Equal(t, http.StatusConflict, res.status, "no addendum is active any more")
	})

	t.Run("an unsigned report takes no addendum", func(t *testing.T) {
		draft, err := w.srv.AddObject("Report", map[string]any{"studyId": w.signed, "status": "in_progress"})
		require.NoError(t, err)
		res := do(t, w.srv, req{method: "POST", path: "/v1/autoScribe/reports/" + draft["reportId"].(string) + "/addendum"})
		require.Equal(t, http.StatusConflict, res.status)
		assert.Contains(t, res.errorBody(t).Message, "is not completed")
	})

	t.Run("a study's reports are listed by its id or UID, and one report by its id", func(t *testing.T) {
		byID := call(t, w.srv, "GET", "/v1/autoScribe/reports?studyId="+w.signed, nil)
		byUID := call(t, w.srv, "GET", "/v1/autoScribe/reports?studyInstanceUid="+w.signedUID, nil)
		assert.Equal(t, byID, byUID)
		assert.Len(t, byID["reports"], 2)
		one := call(t, w.srv, "GET", "/v1/autoScribe/reports/text?reportId="+w.report, nil)
		assert.Equal(t, "Normal knee.", one["plainText"])
		assert.NotContains(t, one, "reports")
	})

	t.Run("reports need a study or a report named", func(t *testing.T) {
		res := do(t, w.srv, req{method: "GET", path: "/v1/autoScribe/reports/pdf"})
		assert.Equal(t, http.StatusBadRequest, res.status)
	})
}

func TestExternalStudies(t *testing.T) {
	w := newWorld(t)

	t.Run("an external study is made with its report", func(t *testing.T) {
		s := call(t, w.srv, "GET", "/v1/autoScribe/studies/"+w.external, nil)
		assert.Equal(t, "external", s["studyType"])
		assert.Equal(t, w.externalReport, s["externalReportId"])
		rep := call(t, w.srv, "GET", "/v1/autoScribe/studies/external/reports/"+w.externalReport, nil)
		assert.Equal(t, "No acute findings.", rep["reportText"])
		assert.Equal(t, w.externalUID, rep["studyInstanceUid"])
	})

	t.Run("report text is write-once, readerName is overwritten", func(t *testing.T) {
		res := do(t, w.srv, req{method: "POST", path: "/v1/autoScribe/studies/external/reports", body: map[string]string{"studyId": w.external, "reportText": "changed"}})
		require.Equal(t, http.StatusConflict, res.status)
		assert.Equal(t, "reportText", res.errorBody(t).Param)
		call(t, w.srv, "POST", "/v1/autoScribe/studies/external/reports", map[string]string{"studyId": w.external, "readerName": "Dr. Two"})
		rep := call(t, w.srv, "GET", "/v1/autoScribe/studies/external/reports/"+w.externalReport, nil)
		assert.Equal(t, "Dr. Two", rep["readerName"])
		assert.Equal(t, "No acute findings.", rep["reportText"])
	})

	t.Run("a report file needs its file name", func(t *testing.T) {
		res := do(t, w.srv, req{method: "POST", path: "/v1/autoScribe/studies/external/reports", body: map[string]string{"studyId": w.external, "reportFileUrl": "https://x.example/a.pdf"}})
		require.Equal(t, http.StatusBadRequest, res.status)
		assert.Equal(t, "reportFileName", res.errorBody(t).Param)
	})

	t.Run("a standard study is no external study: 409", func(t *testing.T) {
		res := do(t, w.srv, req{method: "POST", path: "/v1/autoScribe/studies/external/delete", body: map[string]string{"studyId": w.study}})
		assert.Equal(t, http.StatusConflict, res.status)
	})

	t.Run("a deleted external study is gone, and uncancel cannot bring it back", func(t *testing.T) {
		call(t, w.srv, "POST", "/v1/autoScribe/studies/external/delete", map[string]string{"studyInstanceUid": w.externalUID})
		assert.Equal(t, http.StatusNotFound, do(t, w.srv, req{method: "GET", path: "/v1/autoScribe/studies/" + w.external}).status)
		assert.Equal(t, http.StatusNotFound, do(t, w.srv, req{method: "POST", path: "/v1/autoScribe/studies/uncancel", body: map[string]string{"studyId": w.external}}).status)
	})
}

func TestObjects(t *testing.T) {
	t.Run("the resources are the schemas of openapi.yml with ids", func(t *testing.T) {
		srv := newTestServer(t)
		assert.Equal(t, []string{"AutoScribeInvitation", "AutoScribeStudy", "AutoScribeUser", "ClinicalReference", "ExpressCustomer",
			"ExternalReport", "Report", "ViewerInvitation", "ViewerStudy", "ViewerUser"}, srv.Resources())
	})

	t.Run("seeded objects are served as made by the API", func(t *testing.T) {
		id := hexID("stu_", 5)
		srv := newTestServer(t, WithObjects("ViewerStudy", map[string]any{
			"studyId": id, "studyInstanceUid": "1.1", "studyDescription": "Seeded", "severity": "normal",
			"isCancelled": false, "cancelledAt": nil, "studyViewerStatus": "complete", "createdAt": "2024-01-15T09:00:00Z",
		}))
		s := call(t, srv, "GET", "/v1/viewer/studies/"+id, nil)
		assert.Equal(t, "Seeded", s["studyDescription"])
		assert.Equal(t, "2024-01-15T09:00:00Z", s["createdAt"])
		assert.Equal(t, "2024-01-15T09:00:00Z", s["updatedAt"])
	})

	t.Run("a bad seed panics, naming it", func(t *testing.T) {
		assert.PanicsWithValue(t, `avaratest: WithObjects: Report 1: avaratest: AddObject: reportId: must match ^rep_[0-9a-f]{32}$; got "rep_1"`, func() {
			NewUnstartedServer(WithObjects("Report", map[string]any{"reportId": "rep_1"}))
		})
		assert.Panics(t, func() { NewUnstartedServer(WithObjects("Nope", map[string]any{})) })
	})

	t.Run("AddObject refuses a taken id and an unknown resource", func(t *testing.T) {
		srv := newTestServer(t)
		id := hexID("rep_", 1)
		_, err := srv.AddObject("Report", map[string]any{"reportId": id})
		require.NoError(t, err)
		_, err = srv.AddObject("Report", map[string]any{"reportId": id})
		assert.ErrorContains(t, err, "exists already")
		_, err = srv.AddObject("Reports", nil)
		assert.ErrorContains(t, err, `no resource "Reports"`)
	})
}

func TestWebhookKey(t *testing.T) {
	t.Run("each fake has its own whsec_ key of 24 random bytes", func(t *testing.T) {
		a, b := NewUnstartedServer(), NewUnstartedServer()
		defer a.Close()
		defer b.Close()
		assert.Regexp(t, `^whsec_[A-Za-z0-9+/]{32}$`, a.WebhookKey, "24 bytes are 32 base64 characters, unpadded")
		assert.NotEqual(t, a.WebhookKey, b.WebhookKey)
	})
}
