package contracttest

// The contract calls of every operation beyond Express: each operation of
// openapi.yml through the SDK against Steady, once with its required params
// only ("minimal") and once with every param set to a value openapi.yml
// allows ("full"). Operations without params get the per-call options that
// reach the wire in their full call. Steady answers these operations from
// their schemas (openapi.yml has examples for Express only), so the checks
// on the answer are that it decodes and that its required fields are valid.

import (
	"strings"
	"testing"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/param"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Ids in the forms openapi.yml's patterns ask for (a prefix and 32 hex).
const (
	stuID    = "stu_1234567890abcdef1234567890abcdef"
	refID    = "ref_1234567890abcdef1234567890abcdef"
	repID    = "rep_1234567890abcdef1234567890abcdef"
	extID    = "ext_1234567890abcdef1234567890abcdef"
	invID    = "inv_1234567890abcdef1234567890abcdef"
	studyUID = "1.2.840.10008.1"
)

// validFields checks that each field decoded as a valid value: present, of
// its type.
func validFields(t *testing.T, what string, fields map[string]interface{ Valid() bool }) {
	t.Helper()
	for name, f := range fields {
		assert.True(t, f.Valid(), "%s.%s did not decode as a valid value", what, name)
	}
}

func assertReference(t *testing.T, r *avara.ClinicalReference) {
	t.Helper()
	require.NotNil(t, r)
	assert.NotEmpty(t, r.ClinicalReferenceID)
	assert.Contains(t, []avara.ClinicalReferenceType{avara.ClinicalReferenceTypeFacility, avara.ClinicalReferenceTypeReferringProvider,
		avara.ClinicalReferenceTypeStudyDescription, avara.ClinicalReferenceTypeProcedure}, r.Type)
	assert.Empty(t, r.JSON.ExtraFields)
	validFields(t, "ClinicalReference", map[string]interface{ Valid() bool }{
		"clinicalReferenceId": r.JSON.ClinicalReferenceID, "createdAt": r.JSON.CreatedAt, "isActive": r.JSON.IsActive,
		"name": r.JSON.Name, "type": r.JSON.Type, "updatedAt": r.JSON.UpdatedAt,
	})
}

func assertURL(t *testing.T, u *avara.TokenizedURL) {
	t.Helper()
	require.NotNil(t, u)
	assert.NotEmpty(t, u.URL)
	assert.Empty(t, u.JSON.ExtraFields)
	validFields(t, "TokenizedURL", map[string]interface{ Valid() bool }{"url": u.JSON.URL})
}

func assertASStudy(t *testing.T, s *avara.AutoScribeStudy) {
	t.Helper()
	require.NotNil(t, s)
	assert.NotEmpty(t, s.StudyID)
	assert.Contains(t, []avara.Severity{avara.SeverityNormal, avara.SeverityHigh, avara.SeverityStat}, s.Severity)
	assert.False(t, s.CreatedAt.IsZero())
	assert.Empty(t, s.JSON.ExtraFields)
	validFields(t, "AutoScribeStudy", map[string]interface{ Valid() bool }{
		"createdAt": s.JSON.CreatedAt, "isCancelled": s.JSON.IsCancelled, "reportMetadata": s.JSON.ReportMetadata,
		"severity": s.JSON.Severity, "studyDescription": s.JSON.StudyDescription, "studyId": s.JSON.StudyID,
		"studyInstanceUid": s.JSON.StudyInstanceUID, "studyReportStatus": s.JSON.StudyReportStatus, "updatedAt": s.JSON.UpdatedAt,
	})
}

func assertVWStudy(t *testing.T, s *avara.ViewerStudy) {
	t.Helper()
	require.NotNil(t, s)
	assert.NotEmpty(t, s.StudyID)
	assert.Contains(t, []avara.Severity{avara.SeverityNormal, avara.SeverityHigh, avara.SeverityStat}, s.Severity)
	assert.Empty(t, s.JSON.ExtraFields)
	validFields(t, "ViewerStudy", map[string]interface{ Valid() bool }{
		"createdAt": s.JSON.CreatedAt, "isCancelled": s.JSON.IsCancelled, "severity": s.JSON.Severity,
		"studyDescription": s.JSON.StudyDescription, "studyId": s.JSON.StudyID, "studyInstanceUid": s.JSON.StudyInstanceUID,
		"studyViewerStatus": s.JSON.StudyViewerStatus, "updatedAt": s.JSON.UpdatedAt,
	})
}

func assertOK(t *testing.T, ok *avara.SuccessResponse) {
	t.Helper()
	require.NotNil(t, ok)
	assert.Empty(t, ok.JSON.ExtraFields)
	validFields(t, "SuccessResponse", map[string]interface{ Valid() bool }{"success": ok.JSON.Success})
}

func assertASUser(t *testing.T, u *avara.AutoScribeUser) {
	t.Helper()
	require.NotNil(t, u)
	assert.NotEmpty(t, u.UserID)
	assert.NotEmpty(t, u.Email)
	assert.Empty(t, u.JSON.ExtraFields)
	validFields(t, "AutoScribeUser", map[string]interface{ Valid() bool }{
		"userId": u.JSON.UserID, "email": u.JSON.Email, "level": u.JSON.Level, "clinicRole": u.JSON.ClinicRole,
		"canCreateReports": u.JSON.CanCreateReports, "canManageStudies": u.JSON.CanManageStudies, "createdAt": u.JSON.CreatedAt,
	})
}

func assertVWUser(t *testing.T, u *avara.ViewerUser) {
	t.Helper()
	require.NotNil(t, u)
	assert.NotEmpty(t, u.UserID)
	assert.NotEmpty(t, u.Email)
	assert.Empty(t, u.JSON.ExtraFields)
	validFields(t, "ViewerUser", map[string]interface{ Valid() bool }{
		"userId": u.JSON.UserID, "email": u.JSON.Email, "level": u.JSON.Level, "clinicRole": u.JSON.ClinicRole,
		"canManageStudies": u.JSON.CanManageStudies, "createdAt": u.JSON.CreatedAt,
	})
}

func assertASInvitation(t *testing.T, i *avara.AutoScribeInvitation) {
	t.Helper()
	require.NotNil(t, i)
	assert.NotEmpty(t, i.InvitationID)
	assert.Contains(t, []avara.InvitationStatus{avara.InvitationStatusSent, avara.InvitationStatusAccepted,
		avara.InvitationStatusRejected, avara.InvitationStatusRevoked}, i.Status)
	assert.Empty(t, i.JSON.ExtraFields)
	validFields(t, "AutoScribeInvitation", map[string]interface{ Valid() bool }{
		"invitationId": i.JSON.InvitationID, "userId": i.JSON.UserID, "email": i.JSON.Email, "status": i.JSON.Status,
		"expiry": i.JSON.Expiry, "level": i.JSON.Level,
	})
}

func assertVWInvitation(t *testing.T, i *avara.ViewerInvitation) {
	t.Helper()
	require.NotNil(t, i)
	assert.NotEmpty(t, i.InvitationID)
	assert.Contains(t, []avara.InvitationStatus{avara.InvitationStatusSent, avara.InvitationStatusAccepted,
		avara.InvitationStatusRejected, avara.InvitationStatusRevoked}, i.Status)
	assert.Empty(t, i.JSON.ExtraFields)
	validFields(t, "ViewerInvitation", map[string]interface{ Valid() bool }{
		"invitationId": i.JSON.InvitationID, "userId": i.JSON.UserID, "email": i.JSON.Email, "status": i.JSON.Status,
		"expiry": i.JSON.Expiry, "level": i.JSON.Level,
	})
}

// fullReportMetadata sets every field of a study's report metadata.
func fullReportMetadata() avara.StudyReportMetadataParam {
	return avara.StudyReportMetadataParam{
		Age: avara.String("34 years"), DateOfBirth: avara.String("1990-05-20"), FacilityName: avara.String("Main Hospital"),
		Height: avara.HeightParam{Unit: avara.HeightUnitCm, Value: 178}, MRN: avara.String("MRN-1"),
		PatientName: avara.String("Doe^Jane"), Procedure: avara.String("CT Abdomen"), ReferringPhysicianName: avara.String("Dr. House"),
		Sex: param.NewOpt(avara.SexFemale), StudyDate: avara.String("2024-01-15"), StudyTime: avara.String("14:30"),
		Weight: avara.WeightParam{Unit: avara.WeightUnitKg, Value: 68.5},
	}
}

// perCall are the per-call options that reach the wire, for the full call
// of an operation that takes no params.
func perCall(key string) []option.RequestOption {
	return []option.RequestOption{option.WithIdempotencyKey("contract-" + key), option.WithHeader("X-Trace", "contract")}
}

func operationContracts() []contractCall {
	return []contractCall{
		// AutoScribe.ClinicalReferences
		{"autoScribeClinicalReferencesCreate", "AutoScribe.ClinicalReferences.New/minimal", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.ClinicalReferences.New(t.Context(), avara.AutoScribeClinicalReferenceNewParams{
				Name: "Main Hospital", Type: avara.ClinicalReferenceTypeFacility,
			})
			require.NoError(t, err)
			assertReference(t, r)
		}},
		{"autoScribeClinicalReferencesCreate", "AutoScribe.ClinicalReferences.New/full", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.ClinicalReferences.New(t.Context(), avara.AutoScribeClinicalReferenceNewParams{
				Name: "Dr. Referrer", Type: avara.ClinicalReferenceTypeReferringProvider,
				ExpressCustomerID: avara.String(cusID), ExternalReferenceID: avara.String("REF-9"),
				Metadata: map[string]string{"npi": "1234567890"},
			}, option.WithIdempotencyKey("contract-ref-new-full"))
			require.NoError(t, err)
			assertReference(t, r)
		}},
		{"autoScribeClinicalReferencesList", "AutoScribe.ClinicalReferences.List/minimal", func(t *testing.T, c *avara.Client) {
			page, err := c.AutoScribe.ClinicalReferences.List(t.Context(), avara.AutoScribeClinicalReferenceListParams{})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.ClinicalReferences)
			assertReference(t, &page.ClinicalReferences[0])
		}},
		{"autoScribeClinicalReferencesList", "AutoScribe.ClinicalReferences.List/full", func(t *testing.T, c *avara.Client) {
			page, err := c.AutoScribe.ClinicalReferences.List(t.Context(), avara.AutoScribeClinicalReferenceListParams{
				Cursor: avara.String("Y3Vyc29y"), ExpressCustomerID: avara.String(cusID), IsActive: avara.Bool(true),
				Limit: avara.Int(100), Type: param.NewOpt(avara.ClinicalReferenceTypeStudyDescription),
			})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.ClinicalReferences)
			assertReference(t, &page.ClinicalReferences[0])
		}},
		{"autoScribeClinicalReferencesRetrieve", "AutoScribe.ClinicalReferences.Get/minimal", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.ClinicalReferences.Get(t.Context(), refID)
			require.NoError(t, err)
			assertReference(t, r)
		}},
		{"autoScribeClinicalReferencesRetrieve", "AutoScribe.ClinicalReferences.Get/full", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.ClinicalReferences.Get(t.Context(), refID, perCall("ref-get-full")...)
			require.NoError(t, err)
			assertReference(t, r)
		}},
		{"autoScribeClinicalReferencesUpdate", "AutoScribe.ClinicalReferences.Update/minimal", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.ClinicalReferences.Update(t.Context(), refID, avara.AutoScribeClinicalReferenceUpdateParams{})
			require.NoError(t, err)
			assertReference(t, r)
		}},
		{"autoScribeClinicalReferencesUpdate", "AutoScribe.ClinicalReferences.Update/full", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.ClinicalReferences.Update(t.Context(), refID, avara.AutoScribeClinicalReferenceUpdateParams{
				ExpressCustomerID: avara.String(cusID), Metadata: param.NewOpt(map[string]string{"city": "Cambridge"}),
				Name: avara.String("Main Hospital East"),
			}, option.WithIdempotencyKey("contract-ref-update-full"))
			require.NoError(t, err)
			assertReference(t, r)
		}},
		{"autoScribeClinicalReferencesDelete", "AutoScribe.ClinicalReferences.Delete/minimal", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.ClinicalReferences.Delete(t.Context(), refID)
			require.NoError(t, err)
			assertReference(t, r)
		}},
		{"autoScribeClinicalReferencesDelete", "AutoScribe.ClinicalReferences.Delete/full", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.ClinicalReferences.Delete(t.Context(), refID, perCall("ref-delete-full")...)
			require.NoError(t, err)
			assertReference(t, r)
		}},
		{"autoScribeClinicalReferencesRetrieveByExternalReferenceID", "AutoScribe.ClinicalReferences.GetByExternalReferenceID/minimal", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.ClinicalReferences.GetByExternalReferenceID(t.Context(), "FAC-001")
			require.NoError(t, err)
			assertReference(t, r)
		}},
		{"autoScribeClinicalReferencesRetrieveByExternalReferenceID", "AutoScribe.ClinicalReferences.GetByExternalReferenceID/full", func(t *testing.T, c *avara.Client) {
			// An id the path must escape: a slash, a space and a '#'.
			r, err := c.AutoScribe.ClinicalReferences.GetByExternalReferenceID(t.Context(), "PROC/7 #a", perCall("ref-byext-full")...)
			require.NoError(t, err)
			assertReference(t, r)
		}},

		// Ephemeral sessions
		{"autoScribeEphemeralSessionsCreate", "AutoScribe.EphemeralSessions.New/minimal", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.EphemeralSessions.New(t.Context(), avara.AutoScribeEphemeralSessionNewParams{RetrievalID: "acc-123"})
			require.NoError(t, err)
			assertURL(t, u)
		}},
		{"autoScribeEphemeralSessionsCreate", "AutoScribe.EphemeralSessions.New/full", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.EphemeralSessions.New(t.Context(), avara.AutoScribeEphemeralSessionNewParams{
				RetrievalID: "acc-123",
				HangingProtocol: avara.EphemeralHangingProtocol{Layout: avara.ViewerLayout2x2,
					ViewportAssignments: []param.Opt[string]{param.NewOpt("1.2.3"), param.Null[string](), param.NewOpt("1.2.4")}},
				Options: map[string]any{"studyInstanceUids": []string{"1.2.3"}, "priority": 2},
			}, option.WithIdempotencyKey("contract-as-ephemeral-full"))
			require.NoError(t, err)
			assertURL(t, u)
		}},
		{"viewerEphemeralSessionsCreate", "Viewer.EphemeralSessions.New/minimal", func(t *testing.T, c *avara.Client) {
			u, err := c.Viewer.EphemeralSessions.New(t.Context(), avara.ViewerEphemeralSessionNewParams{RetrievalID: "acc-124"})
			require.NoError(t, err)
			assertURL(t, u)
		}},
		{"viewerEphemeralSessionsCreate", "Viewer.EphemeralSessions.New/full", func(t *testing.T, c *avara.Client) {
			u, err := c.Viewer.EphemeralSessions.New(t.Context(), avara.ViewerEphemeralSessionNewParams{
				RetrievalID: "acc-124",
				HangingProtocol: avara.EphemeralHangingProtocol{Layout: avara.ViewerLayout1x2,
					ViewportAssignments: []param.Opt[string]{param.NewOpt("1.2.5"), param.NewOpt("1.2.6")}},
				Options: map[string]any{"source": "pacs"},
			}, option.WithIdempotencyKey("contract-vw-ephemeral-full"))
			require.NoError(t, err)
			assertURL(t, u)
		}},

		// AutoScribe.Studies
		{"autoScribeStudiesCreate", "AutoScribe.Studies.New/minimal", func(t *testing.T, c *avara.Client) {
			s, err := c.AutoScribe.Studies.New(t.Context(), avara.AutoScribeStudyNewParams{
				StudyInstanceUID: studyUID, StudyDescription: "Abdomen CT", Severity: avara.SeverityNormal,
			})
			require.NoError(t, err)
			assertASStudy(t, s)
		}},
		{"autoScribeStudiesCreate", "AutoScribe.Studies.New/full", func(t *testing.T, c *avara.Client) {
			s, err := c.AutoScribe.Studies.New(t.Context(), avara.AutoScribeStudyNewParams{
				StudyInstanceUID: studyUID, StudyDescription: "Abdomen CT", Severity: avara.SeverityStat,
				ReportMetadata:     fullReportMetadata(),
				AssignedTo:         avara.String(usrID),
				ClinicalHistory:    avara.String("prior appendectomy"),
				ClinicalIndication: avara.String("abdominal pain"),
				ExpressCustomerID:  avara.String(cusID),
				ExternalPatientID:  avara.String("P-1"),
				Metadata:           map[string]string{"ward": "3"},
				Modality:           avara.String("CT"),
				PriorReports: []avara.PriorReportParam{{
					ReportText: "Normal abdomen.", ExternalStudyID: avara.String("EXT-1"), Modality: avara.String("CT"),
					StudyDate: avara.String("2023-01-01"), StudyDescription: avara.String("Abdomen CT"),
				}},
				TechnologistNotes:     []string{"contrast given", "patient moved"},
				TechnologistTechnique: avara.String("helical"),
			}, option.WithIdempotencyKey("contract-as-study-new-full"))
			require.NoError(t, err)
			assertASStudy(t, s)
		}},
		{"autoScribeStudiesList", "AutoScribe.Studies.List/minimal", func(t *testing.T, c *avara.Client) {
			page, err := c.AutoScribe.Studies.List(t.Context(), avara.AutoScribeStudyListParams{})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Studies)
			assertASStudy(t, &page.Studies[0])
		}},
		{"autoScribeStudiesList", "AutoScribe.Studies.List/full", func(t *testing.T, c *avara.Client) {
			page, err := c.AutoScribe.Studies.List(t.Context(), avara.AutoScribeStudyListParams{
				AssignedTo: avara.String(usrID), Cursor: avara.String("Y3Vyc29y"), ExpressCustomerID: avara.String(cusID),
				IsCancelled: avara.Bool(false), Limit: avara.Int(5), Severity: param.NewOpt(avara.SeverityHigh),
				StudyDescription:  avara.String("Brain MRI"),
				StudyReportStatus: []avara.StudyReportStatus{avara.StudyReportStatusAssigned, avara.StudyReportStatusAddendumActive},
				StudyType:         param.NewOpt(avara.StudyTypeStandard),
			})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Studies)
			assertASStudy(t, &page.Studies[0])
		}},
		{"autoScribeStudiesRetrieve", "AutoScribe.Studies.Get/minimal", func(t *testing.T, c *avara.Client) {
			s, err := c.AutoScribe.Studies.Get(t.Context(), stuID)
			require.NoError(t, err)
			assertASStudy(t, s)
		}},
		{"autoScribeStudiesRetrieve", "AutoScribe.Studies.Get/full", func(t *testing.T, c *avara.Client) {
			s, err := c.AutoScribe.Studies.Get(t.Context(), stuID, perCall("as-study-get-full")...)
			require.NoError(t, err)
			assertASStudy(t, s)
		}},
		{"autoScribeStudiesUpdate", "AutoScribe.Studies.Update/minimal", func(t *testing.T, c *avara.Client) {
			s, err := c.AutoScribe.Studies.Update(t.Context(), stuID, avara.AutoScribeStudyUpdateParams{})
			require.NoError(t, err)
			assertASStudy(t, s)
		}},
		{"autoScribeStudiesUpdate", "AutoScribe.Studies.Update/full", func(t *testing.T, c *avara.Client) {
			s, err := c.AutoScribe.Studies.Update(t.Context(), stuID, avara.AutoScribeStudyUpdateParams{
				AssignedTo:         avara.String(usrID),
				ClinicalHistory:    param.Null[string](),
				ClinicalIndication: avara.String("follow-up"),
				ExpressCustomerID:  avara.String(cusID),
				ExternalPatientID:  avara.String("P-2"),
				Metadata:           param.NewOpt(map[string]string{"ward": "4"}),
				Modality:           avara.String("MRI"),
				PriorReports:       param.NewOpt([]avara.PriorReportParam{{ReportText: "Stable.", StudyDate: avara.String("2022-02-02")}}),
				ReportMetadata: avara.StudyReportMetadataUpdate{
					Age: avara.String("35 years"), DateOfBirth: avara.String("1989-05-20"), FacilityName: avara.String("Main Hospital"),
					Height: param.NewOpt(avara.HeightParam{Unit: avara.HeightUnitIn, Value: 70}), MRN: avara.String("MRN-2"),
					PatientName: avara.String("Doe^Johnny"), Procedure: avara.String("MRI Brain"), ReferringPhysicianName: param.Null[string](),
					Sex: param.NewOpt(avara.SexOther), StudyDate: avara.String("2024-02-02"), StudyTime: avara.String("08:15"),
					Weight: param.NewOpt(avara.WeightParam{Unit: avara.WeightUnitLbs, Value: 150}),
				},
				Severity:              param.NewOpt(avara.SeverityNormal),
				StudyDescription:      avara.String("Brain MRI"),
				TechnologistNotes:     param.NewOpt([]string{"motion"}),
				TechnologistTechnique: avara.String("T1"),
			}, option.WithIdempotencyKey("contract-as-study-update-full"))
			require.NoError(t, err)
			assertASStudy(t, s)
		}},
		{"autoScribeStudiesCancel", "AutoScribe.Studies.Cancel/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Studies.Cancel(t.Context(), avara.AutoScribeStudyCancelParams{})
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeStudiesCancel", "AutoScribe.Studies.Cancel/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Studies.Cancel(t.Context(), avara.AutoScribeStudyCancelParams{
				StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID),
			}, option.WithIdempotencyKey("contract-as-cancel-full"))
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeStudiesRerouteURL", "AutoScribe.Studies.RerouteURL/minimal", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.Studies.RerouteURL(t.Context(), avara.AutoScribeStudyRerouteURLParams{AssignedToUserID: usrID})
			require.NoError(t, err)
			assertURL(t, u)
		}},
		{"autoScribeStudiesRerouteURL", "AutoScribe.Studies.RerouteURL/full", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.Studies.RerouteURL(t.Context(), avara.AutoScribeStudyRerouteURLParams{
				AssignedToUserID: usrID, StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID),
			}, option.WithIdempotencyKey("contract-as-reroute-full"))
			require.NoError(t, err)
			assertURL(t, u)
		}},
		{"autoScribeStudiesRetrieveByUid", "AutoScribe.Studies.GetByUID/minimal", func(t *testing.T, c *avara.Client) {
			s, err := c.AutoScribe.Studies.GetByUID(t.Context(), studyUID)
			require.NoError(t, err)
			assertASStudy(t, s)
		}},
		{"autoScribeStudiesRetrieveByUid", "AutoScribe.Studies.GetByUID/full", func(t *testing.T, c *avara.Client) {
			s, err := c.AutoScribe.Studies.GetByUID(t.Context(), studyUID, perCall("as-study-byuid-full")...)
			require.NoError(t, err)
			assertASStudy(t, s)
		}},
		{"autoScribeStudiesUncancel", "AutoScribe.Studies.Uncancel/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Studies.Uncancel(t.Context(), avara.AutoScribeStudyUncancelParams{})
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeStudiesUncancel", "AutoScribe.Studies.Uncancel/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Studies.Uncancel(t.Context(), avara.AutoScribeStudyUncancelParams{
				StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID),
			}, option.WithIdempotencyKey("contract-as-uncancel-full"))
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeStudiesViewerOnlyRerouteURL", "AutoScribe.Studies.ViewerOnlyRerouteURL/minimal", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.Studies.ViewerOnlyRerouteURL(t.Context(), avara.AutoScribeStudyViewerOnlyRerouteURLParams{})
			require.NoError(t, err)
			assertURL(t, u)
		}},
		{"autoScribeStudiesViewerOnlyRerouteURL", "AutoScribe.Studies.ViewerOnlyRerouteURL/full", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.Studies.ViewerOnlyRerouteURL(t.Context(), avara.AutoScribeStudyViewerOnlyRerouteURLParams{
				StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID), UserID: avara.String(usrID),
			}, option.WithIdempotencyKey("contract-as-vo-reroute-full"))
			require.NoError(t, err)
			assertURL(t, u)
		}},

		// AutoScribe.Studies.External and its reports
		{"autoScribeStudiesExternalCreate", "AutoScribe.Studies.External.New/minimal", func(t *testing.T, c *avara.Client) {
			s, err := c.AutoScribe.Studies.External.New(t.Context(), avara.AutoScribeStudyExternalNewParams{
				StudyInstanceUID: studyUID, StudyDescription: "Old CT", Severity: avara.SeverityNormal,
			})
			require.NoError(t, err)
			assertASStudy(t, s)
		}},
		{"autoScribeStudiesExternalCreate", "AutoScribe.Studies.External.New/full", func(t *testing.T, c *avara.Client) {
			s, err := c.AutoScribe.Studies.External.New(t.Context(), avara.AutoScribeStudyExternalNewParams{
				StudyInstanceUID: studyUID, StudyDescription: "Old CT", Severity: avara.SeverityHigh,
				ReportMetadata:    fullReportMetadata(),
				ExpressCustomerID: avara.String(cusID), ExternalPatientID: avara.String("P-1"),
				Metadata: map[string]string{"src": "pacs"}, Modality: avara.String("CT"), ReaderName: avara.String("Dr. Old"),
				ReportFileName: avara.String("r.pdf"), ReportFileURL: avara.String("https://files.example.com/r.pdf"),
				ReportText: avara.String("Old findings."), SignedAt: avara.String("2019-05-02"),
			}, option.WithIdempotencyKey("contract-ext-new-full"))
			require.NoError(t, err)
			assertASStudy(t, s)
		}},
		{"autoScribeStudiesExternalDelete", "AutoScribe.Studies.External.Delete/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Studies.External.Delete(t.Context(), avara.AutoScribeStudyExternalDeleteParams{})
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeStudiesExternalDelete", "AutoScribe.Studies.External.Delete/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Studies.External.Delete(t.Context(), avara.AutoScribeStudyExternalDeleteParams{
				StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID),
			}, option.WithIdempotencyKey("contract-ext-delete-full"))
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeStudiesExternalReportsCreate", "AutoScribe.Studies.External.Reports.New/minimal", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.Studies.External.Reports.New(t.Context(), avara.AutoScribeStudyExternalReportNewParams{})
			require.NoError(t, err)
			assertExternalIDs(t, r)
		}},
		{"autoScribeStudiesExternalReportsCreate", "AutoScribe.Studies.External.Reports.New/full", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.Studies.External.Reports.New(t.Context(), avara.AutoScribeStudyExternalReportNewParams{
				ReaderName: avara.String("Dr. New"), ReportFileName: avara.String("s.png"), ReportFileURL: avara.String("https://files.example.com/s.png"),
				ReportText: avara.String("Healed fracture."), SignedAt: avara.String("2020-01-01"),
				StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID),
			}, option.WithIdempotencyKey("contract-ext-report-new-full"))
			require.NoError(t, err)
			assertExternalIDs(t, r)
		}},
		{"autoScribeStudiesExternalReportsList", "AutoScribe.Studies.External.Reports.List/minimal", func(t *testing.T, c *avara.Client) {
			page, err := c.AutoScribe.Studies.External.Reports.List(t.Context(), avara.AutoScribeStudyExternalReportListParams{})
			require.NoError(t, err)
			assertExternalPage(t, page.Reports, page.JSON.HasMore)
		}},
		{"autoScribeStudiesExternalReportsList", "AutoScribe.Studies.External.Reports.List/full", func(t *testing.T, c *avara.Client) {
			page, err := c.AutoScribe.Studies.External.Reports.List(t.Context(), avara.AutoScribeStudyExternalReportListParams{
				Cursor: avara.String("Y3Vyc29y"), Limit: avara.Int(10), StudyID: avara.String(stuID),
			})
			require.NoError(t, err)
			assertExternalPage(t, page.Reports, page.JSON.HasMore)
		}},
		{"autoScribeStudiesExternalReportsRetrieve", "AutoScribe.Studies.External.Reports.Get/minimal", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.Studies.External.Reports.Get(t.Context(), extID)
			require.NoError(t, err)
			assertExternalReport(t, r)
		}},
		{"autoScribeStudiesExternalReportsRetrieve", "AutoScribe.Studies.External.Reports.Get/full", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.Studies.External.Reports.Get(t.Context(), extID, perCall("ext-report-get-full")...)
			require.NoError(t, err)
			assertExternalReport(t, r)
		}},

		// AutoScribe.Reports
		{"autoScribeReportsList", "AutoScribe.Reports.List/minimal", func(t *testing.T, c *avara.Client) {
			l, err := c.AutoScribe.Reports.List(t.Context(), avara.AutoScribeReportListParams{})
			require.NoError(t, err)
			assertReportList(t, l)
		}},
		{"autoScribeReportsList", "AutoScribe.Reports.List/full", func(t *testing.T, c *avara.Client) {
			l, err := c.AutoScribe.Reports.List(t.Context(), avara.AutoScribeReportListParams{
				StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID),
			})
			require.NoError(t, err)
			assertReportList(t, l)
		}},
		{"autoScribeReportsAddendum", "AutoScribe.Reports.Addendum/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Reports.Addendum(t.Context(), repID)
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeReportsAddendum", "AutoScribe.Reports.Addendum/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Reports.Addendum(t.Context(), repID, perCall("addendum-full")...)
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeReportsCancelAddendum", "AutoScribe.Reports.CancelAddendum/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Reports.CancelAddendum(t.Context(), repID)
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeReportsCancelAddendum", "AutoScribe.Reports.CancelAddendum/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Reports.CancelAddendum(t.Context(), repID, perCall("cancel-addendum-full")...)
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeReportsPdf", "AutoScribe.Reports.PDF/minimal", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.Reports.PDF(t.Context(), avara.AutoScribeReportPDFParams{})
			require.NoError(t, err)
			assertPDF(t, r)
		}},
		{"autoScribeReportsPdf", "AutoScribe.Reports.PDF/full", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.Reports.PDF(t.Context(), avara.AutoScribeReportPDFParams{
				ReportID: avara.String(repID), StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID),
			})
			require.NoError(t, err)
			assertPDF(t, r)
		}},
		{"autoScribeReportsText", "AutoScribe.Reports.Text/minimal", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.Reports.Text(t.Context(), avara.AutoScribeReportTextParams{})
			require.NoError(t, err)
			assertText(t, r)
		}},
		{"autoScribeReportsText", "AutoScribe.Reports.Text/full", func(t *testing.T, c *avara.Client) {
			r, err := c.AutoScribe.Reports.Text(t.Context(), avara.AutoScribeReportTextParams{
				ReportID: avara.String(repID), StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID),
			})
			require.NoError(t, err)
			assertText(t, r)
		}},

		// Viewer.Studies
		{"viewerStudiesCreate", "Viewer.Studies.New/minimal", func(t *testing.T, c *avara.Client) {
			s, err := c.Viewer.Studies.New(t.Context(), avara.ViewerStudyNewParams{
				StudyInstanceUID: studyUID, StudyDescription: "Foot X-Ray", Severity: avara.SeverityNormal,
			})
			require.NoError(t, err)
			assertVWStudy(t, s)
		}},
		{"viewerStudiesCreate", "Viewer.Studies.New/full", func(t *testing.T, c *avara.Client) {
			s, err := c.Viewer.Studies.New(t.Context(), avara.ViewerStudyNewParams{
				StudyInstanceUID: studyUID, StudyDescription: "Foot X-Ray", Severity: avara.SeverityHigh,
				AssignedTo: avara.String(usrID), ExpressCustomerID: avara.String(cusID), Metadata: map[string]string{"k": "v"},
			}, option.WithIdempotencyKey("contract-vw-study-new-full"))
			require.NoError(t, err)
			assertVWStudy(t, s)
		}},
		{"viewerStudiesList", "Viewer.Studies.List/minimal", func(t *testing.T, c *avara.Client) {
			page, err := c.Viewer.Studies.List(t.Context(), avara.ViewerStudyListParams{})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Studies)
			assertVWStudy(t, &page.Studies[0])
		}},
		{"viewerStudiesList", "Viewer.Studies.List/full", func(t *testing.T, c *avara.Client) {
			page, err := c.Viewer.Studies.List(t.Context(), avara.ViewerStudyListParams{
				AssignedTo: avara.String(usrID), Cursor: avara.String("Y3Vyc29y"), ExpressCustomerID: avara.String(cusID),
				IsCancelled: avara.Bool(true), Limit: avara.Int(1), Severity: param.NewOpt(avara.SeverityStat),
				StudyDescription: avara.String("Hand"), StudyViewerStatus: param.NewOpt(avara.StudyViewerStatusIncomplete),
			})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Studies)
			assertVWStudy(t, &page.Studies[0])
		}},
		{"viewerStudiesRetrieve", "Viewer.Studies.Get/minimal", func(t *testing.T, c *avara.Client) {
			s, err := c.Viewer.Studies.Get(t.Context(), stuID)
			require.NoError(t, err)
			assertVWStudy(t, s)
		}},
		{"viewerStudiesRetrieve", "Viewer.Studies.Get/full", func(t *testing.T, c *avara.Client) {
			s, err := c.Viewer.Studies.Get(t.Context(), stuID, perCall("vw-study-get-full")...)
			require.NoError(t, err)
			assertVWStudy(t, s)
		}},
		{"viewerStudiesUpdate", "Viewer.Studies.Update/minimal", func(t *testing.T, c *avara.Client) {
			s, err := c.Viewer.Studies.Update(t.Context(), stuID, avara.ViewerStudyUpdateParams{})
			require.NoError(t, err)
			assertVWStudy(t, s)
		}},
		{"viewerStudiesUpdate", "Viewer.Studies.Update/full", func(t *testing.T, c *avara.Client) {
			s, err := c.Viewer.Studies.Update(t.Context(), stuID, avara.ViewerStudyUpdateParams{
				AssignedTo: avara.String(usrID), Metadata: param.NewOpt(map[string]string{"a": "b"}),
				Severity: param.NewOpt(avara.SeverityHigh), StudyDescription: avara.String("Left hand X-Ray"),
				StudyViewerStatus: param.NewOpt(avara.StudyViewerStatusComplete),
			}, option.WithIdempotencyKey("contract-vw-study-update-full"))
			require.NoError(t, err)
			assertVWStudy(t, s)
		}},
		{"viewerStudiesCancel", "Viewer.Studies.Cancel/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.Viewer.Studies.Cancel(t.Context(), avara.ViewerStudyCancelParams{})
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"viewerStudiesCancel", "Viewer.Studies.Cancel/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.Viewer.Studies.Cancel(t.Context(), avara.ViewerStudyCancelParams{
				StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID),
			}, option.WithIdempotencyKey("contract-vw-cancel-full"))
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"viewerStudiesRerouteURL", "Viewer.Studies.RerouteURL/minimal", func(t *testing.T, c *avara.Client) {
			u, err := c.Viewer.Studies.RerouteURL(t.Context(), avara.ViewerStudyRerouteURLParams{})
			require.NoError(t, err)
			assertURL(t, u)
		}},
		{"viewerStudiesRerouteURL", "Viewer.Studies.RerouteURL/full", func(t *testing.T, c *avara.Client) {
			u, err := c.Viewer.Studies.RerouteURL(t.Context(), avara.ViewerStudyRerouteURLParams{
				StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID),
			}, option.WithIdempotencyKey("contract-vw-reroute-full"))
			require.NoError(t, err)
			assertURL(t, u)
		}},
		{"viewerStudiesRetrieveByUid", "Viewer.Studies.GetByUID/minimal", func(t *testing.T, c *avara.Client) {
			s, err := c.Viewer.Studies.GetByUID(t.Context(), studyUID)
			require.NoError(t, err)
			assertVWStudy(t, s)
		}},
		{"viewerStudiesRetrieveByUid", "Viewer.Studies.GetByUID/full", func(t *testing.T, c *avara.Client) {
			s, err := c.Viewer.Studies.GetByUID(t.Context(), studyUID, perCall("vw-study-byuid-full")...)
			require.NoError(t, err)
			assertVWStudy(t, s)
		}},
		{"viewerStudiesUncancel", "Viewer.Studies.Uncancel/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.Viewer.Studies.Uncancel(t.Context(), avara.ViewerStudyUncancelParams{})
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"viewerStudiesUncancel", "Viewer.Studies.Uncancel/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.Viewer.Studies.Uncancel(t.Context(), avara.ViewerStudyUncancelParams{
				StudyID: avara.String(stuID), StudyInstanceUID: avara.String(studyUID),
			}, option.WithIdempotencyKey("contract-vw-uncancel-full"))
			require.NoError(t, err)
			assertOK(t, ok)
		}},

		// AutoScribe.Users
		{"autoScribeUsersList", "AutoScribe.Users.List/minimal", func(t *testing.T, c *avara.Client) {
			page, err := c.AutoScribe.Users.List(t.Context(), avara.AutoScribeUserListParams{})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Users)
			assertASUser(t, &page.Users[0])
		}},
		{"autoScribeUsersList", "AutoScribe.Users.List/full", func(t *testing.T, c *avara.Client) {
			page, err := c.AutoScribe.Users.List(t.Context(), avara.AutoScribeUserListParams{
				CanCreateReports: avara.Bool(true), Cursor: avara.String("Y3Vyc29y"), Email: avara.String("ada@example.com"),
				FirstName: avara.String("Ada"), InvitedSource: param.NewOpt(avara.InvitedSourceAPI), LastName: avara.String("Lovelace"),
				Level: param.NewOpt(avara.UserLevelOwner), Limit: avara.Int(5),
			})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Users)
			assertASUser(t, &page.Users[0])
		}},
		{"autoScribeUsersInvite", "AutoScribe.Users.Invite/minimal", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.Users.Invite(t.Context(), avara.AutoScribeUserInviteParams{
				CanCreateReports: true, CanManageStudies: false, ClinicRole: avara.ClinicRoleRadiologist, Email: "new@example.com",
				FirstName: "Rosalind", HasDashboardAccess: false, LastName: "Franklin", Level: avara.AssignableUserLevelMember,
			})
			require.NoError(t, err)
			assertASInvited(t, u)
		}},
		{"autoScribeUsersInvite", "AutoScribe.Users.Invite/full", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.Users.Invite(t.Context(), avara.AutoScribeUserInviteParams{
				CanCreateReports: true, CanManageStudies: true, ClinicRole: avara.ClinicRoleRadiationOncologist, Email: "new@example.com",
				FirstName: "Rosalind", HasDashboardAccess: true, LastName: "Franklin", Level: avara.AssignableUserLevelAdmin,
				MiddleName: avara.String("Elsie"), NPINumber: avara.String("1112223334"), PhoneNumber: avara.String("5551234567"),
				Suffix1: avara.String("MD"), Suffix2: avara.String("PhD"),
			}, option.WithIdempotencyKey("contract-as-invite-full"))
			require.NoError(t, err)
			assertASInvited(t, u)
		}},
		{"autoScribeUsersReactivate", "AutoScribe.Users.Reactivate/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Users.Reactivate(t.Context(), avara.AutoScribeUserReactivateParams{UserID: usrID})
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeUsersReactivate", "AutoScribe.Users.Reactivate/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Users.Reactivate(t.Context(), avara.AutoScribeUserReactivateParams{UserID: usrID}, perCall("as-user-reactivate-full")...)
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeUsersRevokeAccess", "AutoScribe.Users.RevokeAccess/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Users.RevokeAccess(t.Context(), avara.AutoScribeUserRevokeAccessParams{UserID: usrID})
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeUsersRevokeAccess", "AutoScribe.Users.RevokeAccess/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Users.RevokeAccess(t.Context(), avara.AutoScribeUserRevokeAccessParams{UserID: usrID}, perCall("as-user-revoke-full")...)
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeUsersRetrieve", "AutoScribe.Users.Get/minimal", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.Users.Get(t.Context(), usrID)
			require.NoError(t, err)
			assertASUser(t, u)
		}},
		{"autoScribeUsersRetrieve", "AutoScribe.Users.Get/full", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.Users.Get(t.Context(), usrID, perCall("as-user-get-full")...)
			require.NoError(t, err)
			assertASUser(t, u)
		}},
		{"autoScribeUsersUpdate", "AutoScribe.Users.Update/minimal", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.Users.Update(t.Context(), usrID, avara.AutoScribeUserUpdateParams{})
			require.NoError(t, err)
			assertASUser(t, u)
		}},
		{"autoScribeUsersUpdate", "AutoScribe.Users.Update/full", func(t *testing.T, c *avara.Client) {
			u, err := c.AutoScribe.Users.Update(t.Context(), usrID, avara.AutoScribeUserUpdateParams{
				CanCreateReports: avara.Bool(true), CanManageStudies: avara.Bool(false), ClinicRole: param.NewOpt(avara.ClinicRoleCardiologist),
				FirstName: avara.String("Augusta"), HasDashboardAccess: avara.Bool(true), LastName: avara.String("King"),
				Level: param.NewOpt(avara.AssignableUserLevelMember), MiddleName: param.Null[string](), NPINumber: avara.String("0987654321"),
				PhoneNumber: avara.String("555765432100"), Suffix1: avara.String("Jr."), Suffix2: param.Null[string](),
			}, option.WithIdempotencyKey("contract-as-user-update-full"))
			require.NoError(t, err)
			assertASUser(t, u)
		}},

		// AutoScribe.Users.Invitations
		{"autoScribeUsersInvitationsList", "AutoScribe.Users.Invitations.List/minimal", func(t *testing.T, c *avara.Client) {
			page, err := c.AutoScribe.Users.Invitations.List(t.Context(), avara.AutoScribeUserInvitationListParams{})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Invitations)
			assertASInvitation(t, &page.Invitations[0])
		}},
		{"autoScribeUsersInvitationsList", "AutoScribe.Users.Invitations.List/full", func(t *testing.T, c *avara.Client) {
			page, err := c.AutoScribe.Users.Invitations.List(t.Context(), avara.AutoScribeUserInvitationListParams{
				Cursor: avara.String("Y3Vyc29y"), EndDate: avara.String("2999-12-31"), Expired: param.NewOpt(avara.InvitationExpiredFilterNotExpired),
				Limit: avara.Int(5), StartDate: avara.String("2000-01-01"),
				Status: []avara.InvitationStatus{avara.InvitationStatusSent, avara.InvitationStatusRejected}, UserID: avara.String(usrID),
			})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Invitations)
			assertASInvitation(t, &page.Invitations[0])
		}},
		{"autoScribeUsersInvitationsRevoke", "AutoScribe.Users.Invitations.Revoke/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Users.Invitations.Revoke(t.Context(), avara.AutoScribeUserInvitationRevokeParams{})
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeUsersInvitationsRevoke", "AutoScribe.Users.Invitations.Revoke/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.AutoScribe.Users.Invitations.Revoke(t.Context(), avara.AutoScribeUserInvitationRevokeParams{
				InvitationID: avara.String(invID), UserID: avara.String(usrID),
			}, option.WithIdempotencyKey("contract-as-inv-revoke-full"))
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"autoScribeUsersInvitationsRetrieve", "AutoScribe.Users.Invitations.Get/minimal", func(t *testing.T, c *avara.Client) {
			i, err := c.AutoScribe.Users.Invitations.Get(t.Context(), invID)
			require.NoError(t, err)
			assertASInvitation(t, i)
		}},
		{"autoScribeUsersInvitationsRetrieve", "AutoScribe.Users.Invitations.Get/full", func(t *testing.T, c *avara.Client) {
			i, err := c.AutoScribe.Users.Invitations.Get(t.Context(), invID, perCall("as-inv-get-full")...)
			require.NoError(t, err)
			assertASInvitation(t, i)
		}},
		{"autoScribeUsersInvitationsUpdate", "AutoScribe.Users.Invitations.Update/minimal", func(t *testing.T, c *avara.Client) {
			i, err := c.AutoScribe.Users.Invitations.Update(t.Context(), invID, avara.AutoScribeUserInvitationUpdateParams{})
			require.NoError(t, err)
			assertASInvitation(t, i)
		}},
		{"autoScribeUsersInvitationsUpdate", "AutoScribe.Users.Invitations.Update/full", func(t *testing.T, c *avara.Client) {
			i, err := c.AutoScribe.Users.Invitations.Update(t.Context(), invID, avara.AutoScribeUserInvitationUpdateParams{
				CanCreateReports: avara.Bool(true), CanManageStudies: avara.Bool(false), ClinicRole: param.NewOpt(avara.ClinicRoleSurgeon),
				FirstName: avara.String("Ada"), HasDashboardAccess: avara.Bool(false), LastName: avara.String("Byron"),
				Level: param.NewOpt(avara.AssignableUserLevelAdmin), MiddleName: avara.String("King"), NPINumber: avara.String("2223334445"),
				PhoneNumber: param.Null[string](), Suffix1: avara.String("III"), Suffix2: param.Null[string](),
			}, option.WithIdempotencyKey("contract-as-inv-update-full"))
			require.NoError(t, err)
			assertASInvitation(t, i)
		}},

		// Viewer.Users
		{"viewerUsersList", "Viewer.Users.List/minimal", func(t *testing.T, c *avara.Client) {
			page, err := c.Viewer.Users.List(t.Context(), avara.ViewerUserListParams{})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Users)
			assertVWUser(t, &page.Users[0])
		}},
		{"viewerUsersList", "Viewer.Users.List/full", func(t *testing.T, c *avara.Client) {
			page, err := c.Viewer.Users.List(t.Context(), avara.ViewerUserListParams{
				Cursor: avara.String("Y3Vyc29y"), Email: avara.String("grace@example.com"), FirstName: avara.String("Grace"),
				InvitedSource: param.NewOpt(avara.InvitedSourceDashboard), LastName: avara.String("Hopper"),
				Level: param.NewOpt(avara.UserLevelMember), Limit: avara.Int(5),
			})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Users)
			assertVWUser(t, &page.Users[0])
		}},
		{"viewerUsersInvite", "Viewer.Users.Invite/minimal", func(t *testing.T, c *avara.Client) {
			u, err := c.Viewer.Users.Invite(t.Context(), avara.ViewerUserInviteParams{
				CanManageStudies: false, ClinicRole: avara.ClinicRoleDoctor, Email: "katherine@example.com", FirstName: "Katherine",
				HasDashboardAccess: false, LastName: "Johnson", Level: avara.AssignableUserLevelMember,
			})
			require.NoError(t, err)
			assertVWInvited(t, u)
		}},
		{"viewerUsersInvite", "Viewer.Users.Invite/full", func(t *testing.T, c *avara.Client) {
			u, err := c.Viewer.Users.Invite(t.Context(), avara.ViewerUserInviteParams{
				CanManageStudies: true, ClinicRole: avara.ClinicRoleEmergencyMedicinePhysician, Email: "katherine@example.com", FirstName: "Katherine",
				HasDashboardAccess: true, LastName: "Johnson", Level: avara.AssignableUserLevelAdmin,
				MiddleName: avara.String("Coleman"), PhoneNumber: avara.String("5550001111"), Suffix1: avara.String("Sr."), Suffix2: avara.String("II"),
			}, option.WithIdempotencyKey("contract-vw-invite-full"))
			require.NoError(t, err)
			assertVWInvited(t, u)
		}},
		{"viewerUsersReactivate", "Viewer.Users.Reactivate/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.Viewer.Users.Reactivate(t.Context(), avara.ViewerUserReactivateParams{UserID: usrID})
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"viewerUsersReactivate", "Viewer.Users.Reactivate/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.Viewer.Users.Reactivate(t.Context(), avara.ViewerUserReactivateParams{UserID: usrID}, perCall("vw-user-reactivate-full")...)
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"viewerUsersRevokeAccess", "Viewer.Users.RevokeAccess/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.Viewer.Users.RevokeAccess(t.Context(), avara.ViewerUserRevokeAccessParams{UserID: usrID})
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"viewerUsersRevokeAccess", "Viewer.Users.RevokeAccess/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.Viewer.Users.RevokeAccess(t.Context(), avara.ViewerUserRevokeAccessParams{UserID: usrID}, perCall("vw-user-revoke-full")...)
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"viewerUsersRetrieve", "Viewer.Users.Get/minimal", func(t *testing.T, c *avara.Client) {
			u, err := c.Viewer.Users.Get(t.Context(), usrID)
			require.NoError(t, err)
			assertVWUser(t, u)
		}},
		{"viewerUsersRetrieve", "Viewer.Users.Get/full", func(t *testing.T, c *avara.Client) {
			u, err := c.Viewer.Users.Get(t.Context(), usrID, perCall("vw-user-get-full")...)
			require.NoError(t, err)
			assertVWUser(t, u)
		}},
		{"viewerUsersUpdate", "Viewer.Users.Update/minimal", func(t *testing.T, c *avara.Client) {
			u, err := c.Viewer.Users.Update(t.Context(), usrID, avara.ViewerUserUpdateParams{})
			require.NoError(t, err)
			assertVWUser(t, u)
		}},
		{"viewerUsersUpdate", "Viewer.Users.Update/full", func(t *testing.T, c *avara.Client) {
			u, err := c.Viewer.Users.Update(t.Context(), usrID, avara.ViewerUserUpdateParams{
				CanManageStudies: avara.Bool(false), ClinicRole: param.NewOpt(avara.ClinicRoleUrologist), FirstName: avara.String("Amazing"),
				HasDashboardAccess: avara.Bool(true), LastName: avara.String("Murray Hopper"), Level: param.NewOpt(avara.AssignableUserLevelAdmin),
				MiddleName: avara.String("Brewster"), PhoneNumber: avara.String("5552223333"), Suffix1: param.Null[string](), Suffix2: avara.String("RADM"),
			}, option.WithIdempotencyKey("contract-vw-user-update-full"))
			require.NoError(t, err)
			assertVWUser(t, u)
		}},

		// Viewer.Users.Invitations
		{"viewerUsersInvitationsList", "Viewer.Users.Invitations.List/minimal", func(t *testing.T, c *avara.Client) {
			page, err := c.Viewer.Users.Invitations.List(t.Context(), avara.ViewerUserInvitationListParams{})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Invitations)
			assertVWInvitation(t, &page.Invitations[0])
		}},
		{"viewerUsersInvitationsList", "Viewer.Users.Invitations.List/full", func(t *testing.T, c *avara.Client) {
			page, err := c.Viewer.Users.Invitations.List(t.Context(), avara.ViewerUserInvitationListParams{
				Cursor: avara.String("Y3Vyc29y"), EndDate: avara.String("2999-12-31"), Expired: param.NewOpt(avara.InvitationExpiredFilterExpired),
				Limit: avara.Int(5), StartDate: avara.String("2000-01-01"),
				Status: []avara.InvitationStatus{avara.InvitationStatusAccepted, avara.InvitationStatusRevoked}, UserID: avara.String(usrID),
			})
			require.NoError(t, err)
			require.NotNil(t, page)
			assert.True(t, page.JSON.HasMore.Valid())
			require.NotEmpty(t, page.Invitations)
			assertVWInvitation(t, &page.Invitations[0])
		}},
		{"viewerUsersInvitationsRevoke", "Viewer.Users.Invitations.Revoke/minimal", func(t *testing.T, c *avara.Client) {
			ok, err := c.Viewer.Users.Invitations.Revoke(t.Context(), avara.ViewerUserInvitationRevokeParams{})
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"viewerUsersInvitationsRevoke", "Viewer.Users.Invitations.Revoke/full", func(t *testing.T, c *avara.Client) {
			ok, err := c.Viewer.Users.Invitations.Revoke(t.Context(), avara.ViewerUserInvitationRevokeParams{
				InvitationID: avara.String(invID), UserID: avara.String(usrID),
			}, option.WithIdempotencyKey("contract-vw-inv-revoke-full"))
			require.NoError(t, err)
			assertOK(t, ok)
		}},
		{"viewerUsersInvitationsRetrieve", "Viewer.Users.Invitations.Get/minimal", func(t *testing.T, c *avara.Client) {
			i, err := c.Viewer.Users.Invitations.Get(t.Context(), invID)
			require.NoError(t, err)
			assertVWInvitation(t, i)
		}},
		{"viewerUsersInvitationsRetrieve", "Viewer.Users.Invitations.Get/full", func(t *testing.T, c *avara.Client) {
			i, err := c.Viewer.Users.Invitations.Get(t.Context(), invID, perCall("vw-inv-get-full")...)
			require.NoError(t, err)
			assertVWInvitation(t, i)
		}},
		{"viewerUsersInvitationsUpdate", "Viewer.Users.Invitations.Update/minimal", func(t *testing.T, c *avara.Client) {
			i, err := c.Viewer.Users.Invitations.Update(t.Context(), invID, avara.ViewerUserInvitationUpdateParams{})
			require.NoError(t, err)
			assertVWInvitation(t, i)
		}},
		{"viewerUsersInvitationsUpdate", "Viewer.Users.Invitations.Update/full", func(t *testing.T, c *avara.Client) {
			i, err := c.Viewer.Users.Invitations.Update(t.Context(), invID, avara.ViewerUserInvitationUpdateParams{
				CanManageStudies: avara.Bool(false), ClinicRole: param.NewOpt(avara.ClinicRoleEndocrinologist), FirstName: avara.String("Grace B."),
				HasDashboardAccess: avara.Bool(true), LastName: avara.String("Hopper-Murray"), Level: param.NewOpt(avara.AssignableUserLevelMember),
				MiddleName: param.Null[string](), PhoneNumber: avara.String("5559998888"), Suffix1: avara.String("PhD"), Suffix2: param.Null[string](),
			}, option.WithIdempotencyKey("contract-vw-inv-update-full"))
			require.NoError(t, err)
			assertVWInvitation(t, i)
		}},
	}
}

// Every operation of openapi.yml has a contract call with minimal and one
// with full params, and every contract call names an operation openapi.yml
// has. It needs no Steady: a new operation fails it before any mock runs.
func TestSDKContractCoversEveryOperation(t *testing.T) {
	spec := sharedSpec(t)
	ops := map[string]bool{}
	for _, item := range spec.Doc.Paths.Map() {
		for _, op := range item.Operations() {
			require.NotEmpty(t, op.OperationID)
			ops[op.OperationID] = true
		}
	}
	require.NotEmpty(t, ops)
	variants := map[string]map[string]bool{} // operationId → variant → present
	names := map[string]bool{}
	for _, c := range sdkContracts() {
		assert.False(t, names[c.name], "two contract calls are named %s", c.name)
		names[c.name] = true
		assert.True(t, ops[c.op], "contract call %s names %s, which openapi.yml does not have", c.name, c.op)
		_, variant, ok := strings.Cut(c.name, "/")
		assert.True(t, ok, "contract call %s: the name is Service.Method/variant", c.name)
		if variants[c.op] == nil {
			variants[c.op] = map[string]bool{}
		}
		variants[c.op][variant] = true
	}
	for op := range ops {
		for _, v := range []string{"minimal", "full"} {
			assert.True(t, variants[op][v], "operation %s has no %s contract call: add one to sdkContracts", op, v)
		}
	}
}

func assertExternalIDs(t *testing.T, r *avara.ExternalReportIdentifiers) {
	t.Helper()
	require.NotNil(t, r)
	assert.NotEmpty(t, r.ExternalReportID)
	assert.Empty(t, r.JSON.ExtraFields)
	validFields(t, "ExternalReportIdentifiers", map[string]interface{ Valid() bool }{
		"externalReportId": r.JSON.ExternalReportID, "studyId": r.JSON.StudyID, "studyInstanceUid": r.JSON.StudyInstanceUID,
	})
}

func assertExternalPage(t *testing.T, items []avara.ExternalReportSummary, hasMore interface{ Valid() bool }) {
	t.Helper()
	assert.True(t, hasMore.Valid())
	require.NotEmpty(t, items)
	r := items[0]
	assert.NotEmpty(t, r.ExternalReportID)
	assert.Empty(t, r.JSON.ExtraFields)
	validFields(t, "ExternalReportSummary", map[string]interface{ Valid() bool }{
		"createdAt": r.JSON.CreatedAt, "externalReportId": r.JSON.ExternalReportID, "hasReportText": r.JSON.HasReportText,
		"reportPdfPresent": r.JSON.ReportPDFPresent, "studyId": r.JSON.StudyID, "studyInstanceUid": r.JSON.StudyInstanceUID,
	})
}

func assertExternalReport(t *testing.T, r *avara.ExternalReport) {
	t.Helper()
	require.NotNil(t, r)
	assert.NotEmpty(t, r.ExternalReportID)
	assert.Empty(t, r.JSON.ExtraFields)
	validFields(t, "ExternalReport", map[string]interface{ Valid() bool }{
		"createdAt": r.JSON.CreatedAt, "externalReportId": r.JSON.ExternalReportID, "studyId": r.JSON.StudyID,
		"studyInstanceUid": r.JSON.StudyInstanceUID,
	})
}

func assertReportList(t *testing.T, l *avara.ReportList) {
	t.Helper()
	require.NotNil(t, l)
	assert.NotEmpty(t, l.StudyID)
	assert.Empty(t, l.JSON.ExtraFields)
	validFields(t, "ReportList", map[string]interface{ Valid() bool }{
		"reports": l.JSON.Reports, "studyId": l.JSON.StudyID, "studyInstanceUid": l.JSON.StudyInstanceUID,
	})
}

// assertPDF checks the answer of Reports.PDF: one report (asked by
// reportId) or the study's list, whichever Steady generated.
func assertPDF(t *testing.T, r avara.ReportPDFResponse) {
	t.Helper()
	require.NotNil(t, r)
	switch v := r.(type) {
	case *avara.ReportPDFItem:
		assert.NotEmpty(t, v.ReportID)
		assert.Empty(t, v.JSON.ExtraFields)
		validFields(t, "ReportPDFItem", map[string]interface{ Valid() bool }{
			"isCritical": v.JSON.IsCritical, "reportId": v.JSON.ReportID, "studyId": v.JSON.StudyID,
		})
	case *avara.ReportPDFList:
		assert.NotEmpty(t, v.StudyID)
		assert.Empty(t, v.JSON.ExtraFields)
		validFields(t, "ReportPDFList", map[string]interface{ Valid() bool }{"reports": v.JSON.Reports, "studyId": v.JSON.StudyID})
	default:
		t.Fatalf("Reports.PDF answered %T: %s", r, r.RawJSON())
	}
}

func assertText(t *testing.T, r avara.ReportTextResponse) {
	t.Helper()
	require.NotNil(t, r)
	switch v := r.(type) {
	case *avara.ReportTextItem:
		assert.NotEmpty(t, v.ReportID)
		assert.Empty(t, v.JSON.ExtraFields)
		validFields(t, "ReportTextItem", map[string]interface{ Valid() bool }{
			"isCritical": v.JSON.IsCritical, "reportId": v.JSON.ReportID, "snapshotMetadata": v.JSON.SnapshotMetadata,
		})
	case *avara.ReportTextList:
		assert.NotEmpty(t, v.StudyID)
		assert.Empty(t, v.JSON.ExtraFields)
		validFields(t, "ReportTextList", map[string]interface{ Valid() bool }{"reports": v.JSON.Reports, "studyId": v.JSON.StudyID})
	default:
		t.Fatalf("Reports.Text answered %T: %s", r, r.RawJSON())
	}
}

func assertASInvited(t *testing.T, u *avara.AutoScribeInvitedUser) {
	t.Helper()
	require.NotNil(t, u)
	assert.NotEmpty(t, u.UserID)
	assert.Contains(t, []avara.AssignableUserLevel{avara.AssignableUserLevelAdmin, avara.AssignableUserLevelMember}, u.Level)
	assert.Empty(t, u.JSON.ExtraFields)
	validFields(t, "AutoScribeInvitedUser", map[string]interface{ Valid() bool }{
		"userId": u.JSON.UserID, "email": u.JSON.Email, "level": u.JSON.Level, "clinicRole": u.JSON.ClinicRole,
		"canCreateReports": u.JSON.CanCreateReports, "createdAt": u.JSON.CreatedAt,
	})
}

func assertVWInvited(t *testing.T, u *avara.ViewerInvitedUser) {
	t.Helper()
	require.NotNil(t, u)
	assert.NotEmpty(t, u.UserID)
	assert.Contains(t, []avara.AssignableUserLevel{avara.AssignableUserLevelAdmin, avara.AssignableUserLevelMember}, u.Level)
	assert.Empty(t, u.JSON.ExtraFields)
	validFields(t, "ViewerInvitedUser", map[string]interface{ Valid() bool }{
		"userId": u.JSON.UserID, "email": u.JSON.Email, "level": u.JSON.Level, "clinicRole": u.JSON.ClinicRole,
		"canManageStudies": u.JSON.CanManageStudies, "createdAt": u.JSON.CreatedAt,
	})
}
