package avara_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/packages/param"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// opCursor0 is a cursor in the real API's documented form, the base64 of
// {"offset":0}: the list from its start. Real cursors handed back by a page
// are walked in TestListAutoPagingWalksEveryPage.
const opCursor0 = "eyJvZmZzZXQiOjB9"

// opRow is one operation of openapi.yml, sent through the SDK with every
// parameter it declares set.
type opRow struct {
	op   string // the operationId in openapi.yml
	name string // what the row shows, as a sentence
	// prepare brings the world into the state the call needs; its requests
	// are not the call's.
	prepare func(t *testing.T, w *opWorld)
	// call makes the SDK call, checks its decoded answer (and, through
	// further calls, the state it changed) and returns the request the call
	// must have sent.
	call func(t *testing.T, w *opWorld) wire
}

func opRows() []opRow {
	return []opRow{
		// Express
		{op: "expressCreate", name: "Express.New creates a customer with its name and metadata", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Express.New(w.ctx, avara.ExpressNewParams{ExpressCustomerName: "Northside Imaging", Metadata: map[string]string{"region": "nw", "tier": "gold"}})
			require.NoError(t, err)
			assertID(t, "cus", got.ExpressCustomerID)
			assert.Equal(t, "Northside Imaging", got.ExpressCustomerName)
			assert.Equal(t, map[string]string{"region": "nw", "tier": "gold"}, got.Metadata)
			assert.True(t, got.IsActive)
			assert.Zero(t, got.UserCount)
			assert.True(t, got.JSON.UserCount.Valid())
			assert.True(t, got.JSON.CreatedAt.Valid())
			assert.False(t, got.CreatedAt.IsZero())
			return wire{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"Northside Imaging","metadata":{"region":"nw","tier":"gold"}}`}
		}},
		{op: "expressList", name: "Express.List sends limit and cursor and decodes the page", call: func(t *testing.T, w *opWorld) wire {
			page, err := w.c.Express.List(w.ctx, avara.ExpressListParams{Limit: avara.Int(2), Cursor: avara.String(opCursor0)})
			require.NoError(t, err)
			require.Len(t, page.ExpressCustomers, 1)
			assert.Equal(t, w.customer, page.ExpressCustomers[0].ExpressCustomerID)
			assert.Equal(t, "City Medical Center", page.ExpressCustomers[0].ExpressCustomerName)
			assert.False(t, page.HasMore)
			assert.True(t, page.JSON.HasMore.Valid())
			return wire{method: "GET", path: "/v1/express", query: url.Values{"limit": {"2"}, "cursor": {opCursor0}}}
		}},
		{op: "expressRetrieve", name: "Express.Get reads a customer by its id", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Express.Get(w.ctx, w.customer)
			require.NoError(t, err)
			assert.Equal(t, w.customer, got.ExpressCustomerID)
			assert.Equal(t, "City Medical Center", got.ExpressCustomerName)
			assert.Equal(t, map[string]string{"region": "ne"}, got.Metadata)
			return wire{method: "GET", path: "/v1/express/" + w.customer}
		}},
		{op: "expressUpdate", name: "Express.Update renames a customer and clears its metadata with null", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Express.Update(w.ctx, w.customer, avara.ExpressUpdateParams{
				ExpressCustomerName: avara.String("City Medical Center East"),
				Metadata:            param.Null[map[string]string](),
			})
			require.NoError(t, err)
			assert.Equal(t, w.customer, got.ExpressCustomerID)
			assert.Equal(t, "City Medical Center East", got.ExpressCustomerName)
			assert.Empty(t, got.Metadata)
			assert.False(t, got.JSON.Metadata.Valid(), "cleared metadata is not answered")
			return wire{method: "PATCH", path: "/v1/express/" + w.customer, body: `{"expressCustomerName":"City Medical Center East","metadata":null}`}
		}},
		{op: "expressDeactivate", name: "Express.Deactivate marks the customer inactive", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Express.Deactivate(w.ctx, w.customer)
			require.NoError(t, err)
			assert.Equal(t, w.customer, got.ExpressCustomerID)
			assert.False(t, got.IsActive)
			assert.True(t, got.JSON.IsActive.Valid())
			return wire{method: "POST", path: "/v1/express/" + w.customer + "/deactivate"}
		}},
		{op: "expressReactivate", name: "Express.Reactivate marks a deactivated customer active again",
			prepare: func(t *testing.T, w *opWorld) {
				_, err := w.c.Express.Deactivate(w.ctx, w.customer)
				require.NoError(t, err)
			},
			call: func(t *testing.T, w *opWorld) wire {
				got, err := w.c.Express.Reactivate(w.ctx, w.customer)
				require.NoError(t, err)
				assert.Equal(t, w.customer, got.ExpressCustomerID)
				assert.True(t, got.IsActive)
				return wire{method: "POST", path: "/v1/express/" + w.customer + "/reactivate"}
			}},
		{op: "expressUsersAdd", name: "Express.Users.Add makes the user a member and counts them", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Express.Users.Add(w.ctx, w.customer, avara.ExpressUserAddParams{UserID: w.asUser})
			require.NoError(t, err)
			assert.True(t, got.Success)
			assert.True(t, got.JSON.Success.Valid())
			cus, err := w.c.Express.Get(w.ctx, w.customer)
			require.NoError(t, err)
			assert.EqualValues(t, 1, cus.UserCount)
			return wire{method: "POST", path: "/v1/express/" + w.customer + "/users", body: jsonText(t, obj{"userId": w.asUser})}
		}},
		{op: "expressUsersRemove", name: "Express.Users.Remove sends the user in a DELETE body and uncounts them",
			prepare: func(t *testing.T, w *opWorld) {
				_, err := w.c.Express.Users.Add(w.ctx, w.customer, avara.ExpressUserAddParams{UserID: w.asUser})
				require.NoError(t, err)
			},
			call: func(t *testing.T, w *opWorld) wire {
				got, err := w.c.Express.Users.Remove(w.ctx, w.customer, avara.ExpressUserRemoveParams{UserID: w.asUser})
				require.NoError(t, err)
				assert.True(t, got.Success)
				cus, err := w.c.Express.Get(w.ctx, w.customer)
				require.NoError(t, err)
				assert.Zero(t, cus.UserCount)
				return wire{method: "DELETE", path: "/v1/express/" + w.customer + "/users", body: jsonText(t, obj{"userId": w.asUser})}
			}},

		// AutoScribe.ClinicalReferences
		{op: "autoScribeClinicalReferencesCreate", name: "AutoScribe.ClinicalReferences.New creates a reference with every field", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.ClinicalReferences.New(w.ctx, avara.AutoScribeClinicalReferenceNewParams{
				Name: "Dr. Referrer", Type: avara.ClinicalReferenceTypeReferringProvider,
				ExpressCustomerID: avara.String(w.customer), ExternalReferenceID: avara.String("REF-9"),
				Metadata: map[string]string{"npi": "1234567890"},
			})
			require.NoError(t, err)
			assertID(t, "ref", got.ClinicalReferenceID)
			assert.Equal(t, "Dr. Referrer", got.Name)
			assert.Equal(t, avara.ClinicalReferenceTypeReferringProvider, got.Type)
			assert.Equal(t, w.customer, got.ExpressCustomer.ExpressCustomerID)
			assert.Equal(t, "City Medical Center", got.ExpressCustomer.ExpressCustomerName, "the customer reference is answered with its name")
			assert.Equal(t, "REF-9", got.ExternalReferenceID)
			assert.Equal(t, map[string]string{"npi": "1234567890"}, got.Metadata)
			assert.True(t, got.IsActive)
			return wire{method: "POST", path: "/v1/autoScribe/clinicalReferences", body: jsonText(t, obj{
				"name": "Dr. Referrer", "type": "referring_provider", "expressCustomerId": w.customer,
				"externalReferenceId": "REF-9", "metadata": obj{"npi": "1234567890"},
			})}
		}},
		{op: "autoScribeClinicalReferencesList", name: "AutoScribe.ClinicalReferences.List sends every filter and decodes the page", call: func(t *testing.T, w *opWorld) wire {
			page, err := w.c.AutoScribe.ClinicalReferences.List(w.ctx, avara.AutoScribeClinicalReferenceListParams{
				Cursor: avara.String(opCursor0), ExpressCustomerID: avara.String(w.customer), IsActive: avara.Bool(true),
				Limit: avara.Int(10), Type: param.NewOpt(avara.ClinicalReferenceTypeFacility),
			})
			require.NoError(t, err)
			require.Len(t, page.ClinicalReferences, 1)
			assert.Equal(t, w.ref, page.ClinicalReferences[0].ClinicalReferenceID)
			assert.False(t, page.HasMore)
			return wire{method: "GET", path: "/v1/autoScribe/clinicalReferences", query: url.Values{
				"cursor": {opCursor0}, "expressCustomerId": {w.customer}, "isActive": {"true"}, "limit": {"10"}, "type": {"facility"},
			}}
		}},
		{op: "autoScribeClinicalReferencesRetrieve", name: "AutoScribe.ClinicalReferences.Get reads a reference by its id", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.ClinicalReferences.Get(w.ctx, w.ref)
			require.NoError(t, err)
			assert.Equal(t, w.ref, got.ClinicalReferenceID)
			assert.Equal(t, "Main Hospital", got.Name)
			assert.Equal(t, avara.ClinicalReferenceTypeFacility, got.Type)
			assert.Equal(t, "FAC-001", got.ExternalReferenceID)
			return wire{method: "GET", path: "/v1/autoScribe/clinicalReferences/" + w.ref}
		}},
		{op: "autoScribeClinicalReferencesUpdate", name: "AutoScribe.ClinicalReferences.Update changes name, metadata and customer", call: func(t *testing.T, w *opWorld) wire {
			other, err := w.c.Express.New(w.ctx, avara.ExpressNewParams{ExpressCustomerName: "Eastside Clinic"})
			require.NoError(t, err)
			w.srv.ResetRequests()
			got, err := w.c.AutoScribe.ClinicalReferences.Update(w.ctx, w.ref, avara.AutoScribeClinicalReferenceUpdateParams{
				ExpressCustomerID: avara.String(other.ExpressCustomerID),
				Metadata:          param.NewOpt(map[string]string{"city": "Cambridge"}),
				Name:              avara.String("Main Hospital East"),
			})
			require.NoError(t, err)
			assert.Equal(t, w.ref, got.ClinicalReferenceID)
			assert.Equal(t, "Main Hospital East", got.Name)
			assert.Equal(t, map[string]string{"city": "Cambridge"}, got.Metadata)
			assert.Equal(t, other.ExpressCustomerID, got.ExpressCustomer.ExpressCustomerID)
			assert.Equal(t, "Eastside Clinic", got.ExpressCustomer.ExpressCustomerName)
			assert.Equal(t, avara.ClinicalReferenceTypeFacility, got.Type, "type is immutable")
			return wire{method: "PATCH", path: "/v1/autoScribe/clinicalReferences/" + w.ref, body: jsonText(t, obj{
				"expressCustomerId": other.ExpressCustomerID, "metadata": obj{"city": "Cambridge"}, "name": "Main Hospital East",
			})}
		}},
		{op: "autoScribeClinicalReferencesDelete", name: "AutoScribe.ClinicalReferences.Delete makes the reference inactive and gone", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.ClinicalReferences.Delete(w.ctx, w.ref)
			require.NoError(t, err)
			assert.Equal(t, w.ref, got.ClinicalReferenceID)
			assert.False(t, got.IsActive)
			assert.True(t, strings.HasPrefix(got.Name, "Main Hospital") && got.Name != "Main Hospital", "the name is suffixed to free it: %q", got.Name)
			_, err = w.c.AutoScribe.ClinicalReferences.Get(w.ctx, w.ref)
			assert.ErrorIs(t, err, avara.ErrNotFound)
			return wire{method: "POST", path: "/v1/autoScribe/clinicalReferences/" + w.ref + "/delete"}
		}},
		{op: "autoScribeClinicalReferencesRetrieveByExternalReferenceID", name: "AutoScribe.ClinicalReferences.GetByExternalReferenceID escapes the external id in the path",
			prepare: func(t *testing.T, w *opWorld) {
				_, err := w.c.AutoScribe.ClinicalReferences.New(w.ctx, avara.AutoScribeClinicalReferenceNewParams{
					Name: "CT Head", Type: avara.ClinicalReferenceTypeProcedure, ExternalReferenceID: avara.String("PROC/7 #a"),
				})
				require.NoError(t, err)
			},
			call: func(t *testing.T, w *opWorld) wire {
				got, err := w.c.AutoScribe.ClinicalReferences.GetByExternalReferenceID(w.ctx, "PROC/7 #a")
				require.NoError(t, err)
				assertID(t, "ref", got.ClinicalReferenceID)
				assert.Equal(t, "CT Head", got.Name)
				assert.Equal(t, "PROC/7 #a", got.ExternalReferenceID)
				return wire{method: "GET", path: "/v1/autoScribe/clinicalReferences/byExternalReferenceId/PROC%2F7%20%23a"}
			}},

		// Ephemeral sessions
		{op: "autoScribeEphemeralSessionsCreate", name: "AutoScribe.EphemeralSessions.New mints a landing URL with a hanging protocol and options", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.EphemeralSessions.New(w.ctx, avara.AutoScribeEphemeralSessionNewParams{
				RetrievalID:     "acc-123",
				HangingProtocol: avara.EphemeralHangingProtocol{Layout: avara.ViewerLayout2x2, ViewportAssignments: []param.Opt[string]{param.NewOpt("1.2.3"), param.Null[string](), param.NewOpt("1.2.4")}},
				Options:         map[string]any{"studyInstanceUids": []string{"1.2.3"}, "priority": 2},
			})
			require.NoError(t, err)
			assertTokenizedURL(t, got)
			return wire{method: "POST", path: "/v1/autoScribe/ephemeral-sessions", body: `{"retrievalId":"acc-123",
				"hangingProtocol":{"layout":"2x2","viewportAssignments":["1.2.3",null,"1.2.4"]},
				"options":{"studyInstanceUids":["1.2.3"],"priority":2}}`}
		}},
		{op: "viewerEphemeralSessionsCreate", name: "Viewer.EphemeralSessions.New mints a landing URL with a hanging protocol and options", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.EphemeralSessions.New(w.ctx, avara.ViewerEphemeralSessionNewParams{
				RetrievalID:     "acc-124",
				HangingProtocol: avara.EphemeralHangingProtocol{Layout: avara.ViewerLayout1x2, ViewportAssignments: []param.Opt[string]{param.NewOpt("1.2.5"), param.NewOpt("1.2.6")}},
				Options:         map[string]any{"source": "pacs"},
			})
			require.NoError(t, err)
			assertTokenizedURL(t, got)
			return wire{method: "POST", path: "/v1/viewer/ephemeral-sessions", body: `{"retrievalId":"acc-124",
				"hangingProtocol":{"layout":"1x2","viewportAssignments":["1.2.5","1.2.6"]},"options":{"source":"pacs"}}`}
		}},

		// AutoScribe.Studies
		{op: "autoScribeStudiesCreate", name: "AutoScribe.Studies.New creates a study with every field", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Studies.New(w.ctx, avara.AutoScribeStudyNewParams{
				StudyInstanceUID: "1.2.840.10008.9", StudyDescription: "Abdomen CT", Severity: avara.SeverityStat,
				ReportMetadata:     opFullReportMetadata(),
				AssignedTo:         avara.String(w.asUser),
				ClinicalHistory:    avara.String("prior appendectomy"),
				ClinicalIndication: avara.String("abdominal pain"),
				ExpressCustomerID:  avara.String(w.customer),
				ExternalPatientID:  avara.String("P-1"),
				Metadata:           map[string]string{"ward": "3"},
				Modality:           avara.String("CT"),
				PriorReports: []avara.PriorReportParam{{
					ReportText: "Normal abdomen.", ExternalStudyID: avara.String("EXT-1"), Modality: avara.String("CT"),
					StudyDate: avara.String("2023-01-01"), StudyDescription: avara.String("Abdomen CT"),
				}},
				TechnologistNotes:     []string{"contrast given", "patient moved"},
				TechnologistTechnique: avara.String("helical"),
			})
			require.NoError(t, err)
			assertID(t, "stu", got.StudyID)
			assert.Equal(t, "1.2.840.10008.9", got.StudyInstanceUID)
			assert.Equal(t, "Abdomen CT", got.StudyDescription)
			assert.Equal(t, avara.SeverityStat, got.Severity)
			assert.Equal(t, w.asUser, got.AssignedTo.UserID)
			assert.Equal(t, "ada@example.com", got.AssignedTo.Email, "the assignee is answered as a user reference")
			assert.Equal(t, avara.StudyReportStatusAssigned, got.StudyReportStatus)
			assert.Equal(t, "prior appendectomy", got.ClinicalHistory)
			assert.Equal(t, "abdominal pain", got.ClinicalIndication)
			assert.Equal(t, w.customer, got.ExpressCustomer.ExpressCustomerID)
			assert.Equal(t, "P-1", got.ExternalPatientID)
			assert.Equal(t, map[string]string{"ward": "3"}, got.Metadata)
			assert.Equal(t, "CT", got.Modality)
			require.Len(t, got.PriorReports, 1)
			assert.Equal(t, "Normal abdomen.", got.PriorReports[0].ReportText)
			assert.Equal(t, "EXT-1", got.PriorReports[0].ExternalStudyID)
			assert.Equal(t, []string{"contrast given", "patient moved"}, got.TechnologistNotes)
			assert.Equal(t, "helical", got.TechnologistTechnique)
			assertFullReportMetadata(t, got.ReportMetadata)
			assert.False(t, got.IsCancelled)
			assert.True(t, got.JSON.CancelledAt.IsNull(), "a live study has cancelledAt null")
			assert.Equal(t, avara.StudyTypeStandard, got.StudyType)
			return wire{method: "POST", path: "/v1/autoScribe/studies", body: jsonText(t, obj{
				"studyInstanceUid": "1.2.840.10008.9", "studyDescription": "Abdomen CT", "severity": "stat",
				"reportMetadata": opFullReportMetadataJSON, "assignedTo": w.asUser,
				"clinicalHistory": "prior appendectomy", "clinicalIndication": "abdominal pain",
				"expressCustomerId": w.customer, "externalPatientId": "P-1", "metadata": obj{"ward": "3"}, "modality": "CT",
				"priorReports": []obj{{"reportText": "Normal abdomen.", "externalStudyId": "EXT-1", "modality": "CT",
					"studyDate": "2023-01-01", "studyDescription": "Abdomen CT"}},
				"technologistNotes": []string{"contrast given", "patient moved"}, "technologistTechnique": "helical",
			})}
		}},
		{op: "autoScribeStudiesList", name: "AutoScribe.Studies.List sends every filter, the statuses comma-joined", call: func(t *testing.T, w *opWorld) wire {
			page, err := w.c.AutoScribe.Studies.List(w.ctx, avara.AutoScribeStudyListParams{
				AssignedTo: avara.String(w.asUser), Cursor: avara.String(opCursor0), ExpressCustomerID: avara.String(w.customer),
				IsCancelled: avara.Bool(false), Limit: avara.Int(5), Severity: param.NewOpt(avara.SeverityHigh),
				StudyDescription:  avara.String("Brain MRI"),
				StudyReportStatus: []avara.StudyReportStatus{avara.StudyReportStatusAssigned, avara.StudyReportStatusUnassigned},
				StudyType:         param.NewOpt(avara.StudyTypeStandard),
			})
			require.NoError(t, err)
			require.Len(t, page.Studies, 1)
			assert.Equal(t, w.study, page.Studies[0].StudyID)
			assert.False(t, page.HasMore)
			return wire{method: "GET", path: "/v1/autoScribe/studies", query: url.Values{
				"assignedTo": {w.asUser}, "cursor": {opCursor0}, "expressCustomerId": {w.customer}, "isCancelled": {"false"},
				"limit": {"5"}, "severity": {"high"}, "studyDescription": {"Brain MRI"},
				"studyReportStatus": {"assigned,unassigned"}, "studyType": {"standard"},
			}}
		}},
		{op: "autoScribeStudiesRetrieve", name: "AutoScribe.Studies.Get reads a study by its id", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Studies.Get(w.ctx, w.study)
			require.NoError(t, err)
			assert.Equal(t, w.study, got.StudyID)
			assert.Equal(t, w.studyUID, got.StudyInstanceUID)
			assert.Equal(t, "Doe^John", got.ReportMetadata.PatientName)
			assert.Equal(t, w.asUser, got.AssignedTo.UserID)
			return wire{method: "GET", path: "/v1/autoScribe/studies/" + w.study}
		}},
		{op: "autoScribeStudiesUpdate", name: "AutoScribe.Studies.Update changes every field, null clearing what it may", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Studies.Update(w.ctx, w.study, avara.AutoScribeStudyUpdateParams{
				AssignedTo:         avara.String(w.asUser),
				ClinicalHistory:    param.Null[string](),
				ClinicalIndication: avara.String("follow-up"),
				ExpressCustomerID:  avara.String(w.customer),
				ExternalPatientID:  avara.String("P-2"),
				Metadata:           param.NewOpt(map[string]string{"ward": "4"}),
				Modality:           avara.String("MRI"),
				PriorReports:       param.NewOpt([]avara.PriorReportParam{{ReportText: "Stable.", StudyDate: avara.String("2022-02-02")}}),
				ReportMetadata: avara.StudyReportMetadataUpdate{
					Age: avara.String("35 years"), DateOfBirth: avara.String("1989-05-20"), FacilityName: avara.String("Main Hospital"),
					Height: param.NewOpt(avara.HeightParam{Unit: avara.HeightUnitIn, Value: 70}), MRN: avara.String("MRN-2"),
					PatientName: avara.String("Doe^Johnny"), Procedure: avara.String("MRI Brain"), ReferringPhysicianName: param.Null[string](),
					Sex: param.Null[avara.Sex](), StudyDate: avara.String("2024-02-02"), StudyTime: avara.String("08:15"),
					Weight: param.NewOpt(avara.WeightParam{Unit: avara.WeightUnitLbs, Value: 150}),
				},
				Severity:              param.NewOpt(avara.SeverityNormal),
				StudyDescription:      avara.String("Brain MRI"),
				TechnologistNotes:     param.NewOpt([]string{"motion"}),
				TechnologistTechnique: avara.String("T1"),
			})
			require.NoError(t, err)
			assert.Equal(t, w.study, got.StudyID)
			assert.Equal(t, w.asUser, got.AssignedTo.UserID)
			assert.Empty(t, got.ClinicalHistory)
			assert.False(t, got.JSON.ClinicalHistory.Valid(), "null cleared the clinical history")
			assert.Equal(t, "follow-up", got.ClinicalIndication)
			assert.Equal(t, w.customer, got.ExpressCustomer.ExpressCustomerID)
			assert.Equal(t, "P-2", got.ExternalPatientID)
			assert.Equal(t, map[string]string{"ward": "4"}, got.Metadata)
			assert.Equal(t, "MRI", got.Modality)
			require.Len(t, got.PriorReports, 1)
			assert.Equal(t, "Stable.", got.PriorReports[0].ReportText)
			rm := got.ReportMetadata
			assert.Equal(t, "35 years", rm.Age)
			assert.Equal(t, "1989-05-20", rm.DateOfBirth)
			assert.Equal(t, "Main Hospital", rm.FacilityName)
			assert.Equal(t, avara.HeightUnitIn, rm.Height.Unit)
			assert.InDelta(t, 70, rm.Height.Value, 0)
			assert.Equal(t, "MRN-2", rm.MRN)
			assert.Equal(t, "Doe^Johnny", rm.PatientName)
			assert.Equal(t, "MRI Brain", rm.Procedure)
			assert.False(t, rm.JSON.ReferringPhysicianName.Valid(), "null cleared the referring physician")
			assert.False(t, rm.JSON.Sex.Valid(), "null cleared the sex the study was made with")
			assert.Equal(t, "2024-02-02", rm.StudyDate)
			assert.Equal(t, "08:15", rm.StudyTime)
			assert.Equal(t, avara.WeightUnitLbs, rm.Weight.Unit)
			assert.InDelta(t, 150, rm.Weight.Value, 0)
			assert.Equal(t, avara.SeverityNormal, got.Severity)
			assert.Equal(t, "Brain MRI", got.StudyDescription)
			assert.Equal(t, []string{"motion"}, got.TechnologistNotes)
			assert.Equal(t, "T1", got.TechnologistTechnique)
			return wire{method: "PATCH", path: "/v1/autoScribe/studies/" + w.study, body: jsonText(t, obj{
				"assignedTo": w.asUser, "clinicalHistory": nil, "clinicalIndication": "follow-up", "expressCustomerId": w.customer,
				"externalPatientId": "P-2", "metadata": obj{"ward": "4"}, "modality": "MRI",
				"priorReports": []obj{{"reportText": "Stable.", "studyDate": "2022-02-02"}},
				"reportMetadata": obj{
					"age": "35 years", "dateOfBirth": "1989-05-20", "facilityName": "Main Hospital",
					"height": obj{"unit": "in", "value": 70}, "mrn": "MRN-2", "patientName": "Doe^Johnny", "procedure": "MRI Brain",
					"referringPhysicianName": nil, "sex": nil, "studyDate": "2024-02-02", "studyTime": "08:15",
					"weight": obj{"unit": "lbs", "value": 150},
				},
				"severity": "normal", "studyDescription": "Brain MRI", "technologistNotes": []string{"motion"}, "technologistTechnique": "T1",
			})}
		}},
		{op: "autoScribeStudiesCancel", name: "AutoScribe.Studies.Cancel marks the study cancelled", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Studies.Cancel(w.ctx, avara.AutoScribeStudyCancelParams{StudyID: avara.String(w.study), StudyInstanceUID: avara.String(w.studyUID)})
			require.NoError(t, err)
			assert.True(t, got.Success)
			st, err := w.c.AutoScribe.Studies.Get(w.ctx, w.study)
			require.NoError(t, err)
			assert.True(t, st.IsCancelled)
			assert.True(t, st.JSON.CancelledAt.Valid())
			assert.False(t, st.CancelledAt.IsZero())
			return wire{method: "POST", path: "/v1/autoScribe/studies/cancel", body: jsonText(t, obj{"studyId": w.study, "studyInstanceUid": w.studyUID})}
		}},
		{op: "autoScribeStudiesRerouteURL", name: "AutoScribe.Studies.RerouteURL answers a tokenized URL for the study and user", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Studies.RerouteURL(w.ctx, avara.AutoScribeStudyRerouteURLParams{
				AssignedToUserID: w.asUser, StudyID: avara.String(w.study), StudyInstanceUID: avara.String(w.studyUID),
			})
			require.NoError(t, err)
			assertTokenizedURL(t, got)
			return wire{method: "POST", path: "/v1/autoScribe/studies/reroute-url", body: jsonText(t, obj{
				"assignedToUserId": w.asUser, "studyId": w.study, "studyInstanceUid": w.studyUID,
			})}
		}},
		{op: "autoScribeStudiesRetrieveByUid", name: "AutoScribe.Studies.GetByUID reads a study by its DICOM UID, dots escaped", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Studies.GetByUID(w.ctx, w.studyUID)
			require.NoError(t, err)
			assert.Equal(t, w.study, got.StudyID)
			assert.Equal(t, w.studyUID, got.StudyInstanceUID)
			return wire{method: "GET", path: "/v1/autoScribe/studies/by-uid/1%2E2%2E840%2E10008%2E1"}
		}},
		{op: "autoScribeStudiesUncancel", name: "AutoScribe.Studies.Uncancel restores a cancelled study",
			prepare: func(t *testing.T, w *opWorld) {
				_, err := w.c.AutoScribe.Studies.Cancel(w.ctx, avara.AutoScribeStudyCancelParams{StudyID: avara.String(w.study)})
				require.NoError(t, err)
			},
			call: func(t *testing.T, w *opWorld) wire {
				got, err := w.c.AutoScribe.Studies.Uncancel(w.ctx, avara.AutoScribeStudyUncancelParams{StudyID: avara.String(w.study), StudyInstanceUID: avara.String(w.studyUID)})
				require.NoError(t, err)
				assert.True(t, got.Success)
				st, err := w.c.AutoScribe.Studies.Get(w.ctx, w.study)
				require.NoError(t, err)
				assert.False(t, st.IsCancelled)
				assert.True(t, st.JSON.CancelledAt.IsNull())
				return wire{method: "POST", path: "/v1/autoScribe/studies/uncancel", body: jsonText(t, obj{"studyId": w.study, "studyInstanceUid": w.studyUID})}
			}},
		{op: "autoScribeStudiesViewerOnlyRerouteURL", name: "AutoScribe.Studies.ViewerOnlyRerouteURL answers a tokenized viewer URL", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Studies.ViewerOnlyRerouteURL(w.ctx, avara.AutoScribeStudyViewerOnlyRerouteURLParams{
				StudyID: avara.String(w.study), StudyInstanceUID: avara.String(w.studyUID), UserID: avara.String(w.asUser),
			})
			require.NoError(t, err)
			assertTokenizedURL(t, got)
			return wire{method: "POST", path: "/v1/autoScribe/studies/viewer-only-reroute-url", body: jsonText(t, obj{
				"studyId": w.study, "studyInstanceUid": w.studyUID, "userId": w.asUser,
			})}
		}},

		// AutoScribe.Studies.External and its reports
		{op: "autoScribeStudiesExternalCreate", name: "AutoScribe.Studies.External.New imports an archive study with its report", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Studies.External.New(w.ctx, avara.AutoScribeStudyExternalNewParams{
				StudyInstanceUID: "1.2.840.10008.8", StudyDescription: "Old CT", Severity: avara.SeverityNormal,
				ReportMetadata:    opFullReportMetadata(),
				ExpressCustomerID: avara.String(w.customer), ExternalPatientID: avara.String("P-1"),
				Metadata: map[string]string{"src": "pacs"}, Modality: avara.String("CT"), ReaderName: avara.String("Dr. Old"),
				ReportFileName: avara.String("r.pdf"), ReportFileURL: avara.String("https://files.example.com/r.pdf"),
				ReportText: avara.String("Old findings."), SignedAt: avara.String("2019-05-02"),
			})
			require.NoError(t, err)
			assertID(t, "stu", got.StudyID)
			assert.Equal(t, "1.2.840.10008.8", got.StudyInstanceUID)
			assert.Equal(t, avara.StudyTypeExternal, got.StudyType)
			assert.Equal(t, w.customer, got.ExpressCustomer.ExpressCustomerID)
			assert.Equal(t, "P-1", got.ExternalPatientID)
			assert.Equal(t, map[string]string{"src": "pacs"}, got.Metadata)
			assert.Equal(t, "CT", got.Modality)
			assertID(t, "ext", got.ExternalReportID)
			assertFullReportMetadata(t, got.ReportMetadata)
			return wire{method: "POST", path: "/v1/autoScribe/studies/external", body: jsonText(t, obj{
				"studyInstanceUid": "1.2.840.10008.8", "studyDescription": "Old CT", "severity": "normal",
				"reportMetadata": opFullReportMetadataJSON, "expressCustomerId": w.customer, "externalPatientId": "P-1",
				"metadata": obj{"src": "pacs"}, "modality": "CT", "readerName": "Dr. Old", "reportFileName": "r.pdf",
				"reportFileUrl": "https://files.example.com/r.pdf", "reportText": "Old findings.", "signedAt": "2019-05-02",
			})}
		}},
		{op: "autoScribeStudiesExternalDelete", name: "AutoScribe.Studies.External.Delete makes the external study gone", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Studies.External.Delete(w.ctx, avara.AutoScribeStudyExternalDeleteParams{StudyID: avara.String(w.external), StudyInstanceUID: avara.String(w.externalUID)})
			require.NoError(t, err)
			assert.True(t, got.Success)
			_, err = w.c.AutoScribe.Studies.Get(w.ctx, w.external)
			assert.ErrorIs(t, err, avara.ErrNotFound)
			return wire{method: "POST", path: "/v1/autoScribe/studies/external/delete", body: jsonText(t, obj{"studyId": w.external, "studyInstanceUid": w.externalUID})}
		}},
		{op: "autoScribeStudiesExternalReportsCreate", name: "AutoScribe.Studies.External.Reports.New attaches a report to an external study",
			prepare: func(t *testing.T, w *opWorld) {
				st, err := w.c.AutoScribe.Studies.External.New(w.ctx, avara.AutoScribeStudyExternalNewParams{
					StudyInstanceUID: "1.2.840.10008.5", StudyDescription: "Pelvis CT", Severity: avara.SeverityNormal,
					ReportMetadata: avara.StudyReportMetadataParam{PatientName: avara.String("Poe^Edgar")},
				})
				require.NoError(t, err)
				w.external, w.externalUID = st.StudyID, st.StudyInstanceUID
			},
			call: func(t *testing.T, w *opWorld) wire {
				got, err := w.c.AutoScribe.Studies.External.Reports.New(w.ctx, avara.AutoScribeStudyExternalReportNewParams{
					ReaderName: avara.String("Dr. New"), ReportFileName: avara.String("s.png"), ReportFileURL: avara.String("https://files.example.com/s.png"),
					ReportText: avara.String("Healed fracture."), SignedAt: avara.String("yesterday"),
					StudyID: avara.String(w.external), StudyInstanceUID: avara.String(w.externalUID),
				})
				require.NoError(t, err)
				assertID(t, "ext", got.ExternalReportID)
				assert.Equal(t, w.external, got.StudyID)
				assert.Equal(t, w.externalUID, got.StudyInstanceUID)
				rep, err := w.c.AutoScribe.Studies.External.Reports.Get(w.ctx, got.ExternalReportID)
				require.NoError(t, err)
				assert.Equal(t, "Healed fracture.", rep.ReportText)
				assert.Equal(t, "Dr. New", rep.ReaderName)
				assert.Equal(t, "yesterday", rep.SignedAt)
				assert.NotEmpty(t, rep.PresignedURL, "a report with a file has a download URL")
				return wire{method: "POST", path: "/v1/autoScribe/studies/external/reports", body: jsonText(t, obj{
					"readerName": "Dr. New", "reportFileName": "s.png", "reportFileUrl": "https://files.example.com/s.png",
					"reportText": "Healed fracture.", "signedAt": "yesterday", "studyId": w.external, "studyInstanceUid": w.externalUID,
				})}
			}},
		{op: "autoScribeStudiesExternalReportsList", name: "AutoScribe.Studies.External.Reports.List sends every filter and decodes the summaries", call: func(t *testing.T, w *opWorld) wire {
			page, err := w.c.AutoScribe.Studies.External.Reports.List(w.ctx, avara.AutoScribeStudyExternalReportListParams{
				Cursor: avara.String(opCursor0), Limit: avara.Int(10), StudyID: avara.String(w.external),
			})
			require.NoError(t, err)
			require.Len(t, page.Reports, 1)
			r := page.Reports[0]
			assert.Equal(t, w.externalReport, r.ExternalReportID)
			assert.Equal(t, w.external, r.StudyID)
			assert.Equal(t, w.externalUID, r.StudyInstanceUID)
			assert.True(t, r.HasReportText)
			assert.False(t, r.ReportPDFPresent)
			assert.True(t, r.JSON.ReportPDFPresent.Valid())
			assert.Equal(t, "Dr. Who", r.ReaderName)
			return wire{method: "GET", path: "/v1/autoScribe/studies/external/reports", query: url.Values{
				"cursor": {opCursor0}, "limit": {"10"}, "studyId": {w.external},
			}}
		}},
		{op: "autoScribeStudiesExternalReportsRetrieve", name: "AutoScribe.Studies.External.Reports.Get reads the report text and snapshot", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Studies.External.Reports.Get(w.ctx, w.externalReport)
			require.NoError(t, err)
			assert.Equal(t, w.externalReport, got.ExternalReportID)
			assert.Equal(t, w.external, got.StudyID)
			assert.Equal(t, w.externalUID, got.StudyInstanceUID)
			assert.Equal(t, "No acute findings.", got.ReportText)
			assert.Equal(t, "Dr. Who", got.ReaderName)
			assert.Equal(t, "2020-01-01", got.SignedAt)
			assert.Equal(t, "Doe^Jane", got.SnapshotMetadata.PatientName)
			return wire{method: "GET", path: "/v1/autoScribe/studies/external/reports/" + w.externalReport}
		}},

		// AutoScribe.Reports
		{op: "autoScribeReportsList", name: "AutoScribe.Reports.List lists a study's reports by id and UID", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Reports.List(w.ctx, avara.AutoScribeReportListParams{StudyID: avara.String(w.signed), StudyInstanceUID: avara.String(w.signedUID)})
			require.NoError(t, err)
			assert.Equal(t, w.signed, got.StudyID)
			assert.Equal(t, w.signedUID, got.StudyInstanceUID)
			require.Len(t, got.Reports, 1)
			r := got.Reports[0]
			assert.Equal(t, w.report, r.ReportID)
			assert.Equal(t, avara.ReportStatusCompleted, r.Status)
			assert.Equal(t, w.asUser, r.UserID)
			assert.Equal(t, "Normal knee.", r.ReportPlainText)
			assert.True(t, r.JSON.SignedAt.Valid())
			assert.Equal(t, "Roe^Richard", r.SnapshotMetadata.PatientName)
			return wire{method: "GET", path: "/v1/autoScribe/reports", query: url.Values{"studyId": {w.signed}, "studyInstanceUid": {w.signedUID}}}
		}},
		{op: "autoScribeReportsAddendum", name: "AutoScribe.Reports.Addendum makes the study's status addendum_active", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Reports.Addendum(w.ctx, w.report)
			require.NoError(t, err)
			assert.True(t, got.Success)
			st, err := w.c.AutoScribe.Studies.Get(w.ctx, w.signed)
			require.NoError(t, err)
			assert.Equal(t, avara.StudyReportStatusAddendumActive, st.StudyReportStatus)
			return wire{method: "POST", path: "/v1/autoScribe/reports/" + w.report + "/addendum"}
		}},
		{op: "autoScribeReportsCancelAddendum", name: "AutoScribe.Reports.CancelAddendum makes the study completed again",
			prepare: func(t *testing.T, w *opWorld) {
				_, err := w.c.AutoScribe.Reports.Addendum(w.ctx, w.report)
				require.NoError(t, err)
			},
			call: func(t *testing.T, w *opWorld) wire {
				got, err := w.c.AutoScribe.Reports.CancelAddendum(w.ctx, w.report)
				require.NoError(t, err)
				assert.True(t, got.Success)
				st, err := w.c.AutoScribe.Studies.Get(w.ctx, w.signed)
				require.NoError(t, err)
				assert.Equal(t, avara.StudyReportStatusCompleted, st.StudyReportStatus)
				return wire{method: "POST", path: "/v1/autoScribe/reports/" + w.report + "/cancel-addendum"}
			}},
		{op: "autoScribeReportsPdf", name: "AutoScribe.Reports.PDF answers the named report's download URL", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Reports.PDF(w.ctx, avara.AutoScribeReportPDFParams{
				ReportID: avara.String(w.report), StudyID: avara.String(w.signed), StudyInstanceUID: avara.String(w.signedUID),
			})
			require.NoError(t, err)
			item, ok := got.(*avara.ReportPDFItem)
			require.True(t, ok, "asked by reportId, the answer is one report: %T %s", got, got.RawJSON())
			assert.Equal(t, w.report, item.ReportID)
			assert.Equal(t, w.signed, item.StudyID)
			assert.Equal(t, w.signedUID, item.StudyInstanceUID)
			assert.NotEmpty(t, item.PresignedURL)
			assert.True(t, item.JSON.IsCritical.Valid())
			return wire{method: "GET", path: "/v1/autoScribe/reports/pdf", query: url.Values{
				"reportId": {w.report}, "studyId": {w.signed}, "studyInstanceUid": {w.signedUID},
			}}
		}},
		{op: "autoScribeReportsText", name: "AutoScribe.Reports.Text answers the named report's plain text", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Reports.Text(w.ctx, avara.AutoScribeReportTextParams{
				ReportID: avara.String(w.report), StudyID: avara.String(w.signed), StudyInstanceUID: avara.String(w.signedUID),
			})
			require.NoError(t, err)
			item, ok := got.(*avara.ReportTextItem)
			require.True(t, ok, "asked by reportId, the answer is one report: %T %s", got, got.RawJSON())
			assert.Equal(t, w.report, item.ReportID)
			assert.Equal(t, w.signed, item.StudyID)
			assert.Equal(t, w.signedUID, item.StudyInstanceUID)
			assert.Equal(t, "Normal knee.", item.PlainText)
			return wire{method: "GET", path: "/v1/autoScribe/reports/text", query: url.Values{
				"reportId": {w.report}, "studyId": {w.signed}, "studyInstanceUid": {w.signedUID},
			}}
		}},

		// Viewer.Studies
		{op: "viewerStudiesCreate", name: "Viewer.Studies.New creates a study with every field", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Studies.New(w.ctx, avara.ViewerStudyNewParams{
				StudyInstanceUID: "1.2.840.10008.7", StudyDescription: "Foot X-Ray", Severity: avara.SeverityNormal,
				AssignedTo: avara.String(w.vwUser), ExpressCustomerID: avara.String(w.customer), Metadata: map[string]string{"k": "v"},
			})
			require.NoError(t, err)
			assertID(t, "stu", got.StudyID)
			assert.Equal(t, "1.2.840.10008.7", got.StudyInstanceUID)
			assert.Equal(t, "Foot X-Ray", got.StudyDescription)
			assert.Equal(t, avara.SeverityNormal, got.Severity)
			assert.Equal(t, w.vwUser, got.AssignedTo.UserID)
			assert.Equal(t, "grace@example.com", got.AssignedTo.Email)
			assert.Equal(t, w.customer, got.ExpressCustomer.ExpressCustomerID)
			assert.Equal(t, map[string]string{"k": "v"}, got.Metadata)
			assert.False(t, got.IsCancelled)
			assert.True(t, got.JSON.StudyViewerStatus.Valid())
			return wire{method: "POST", path: "/v1/viewer/studies", body: jsonText(t, obj{
				"studyInstanceUid": "1.2.840.10008.7", "studyDescription": "Foot X-Ray", "severity": "normal",
				"assignedTo": w.vwUser, "expressCustomerId": w.customer, "metadata": obj{"k": "v"},
			})}
		}},
		{op: "viewerStudiesList", name: "Viewer.Studies.List sends every filter and decodes the page", call: func(t *testing.T, w *opWorld) wire {
			page, err := w.c.Viewer.Studies.List(w.ctx, avara.ViewerStudyListParams{
				AssignedTo: avara.String(w.vwUser), Cursor: avara.String(opCursor0), ExpressCustomerID: avara.String(w.customer),
				IsCancelled: avara.Bool(false), Limit: avara.Int(5), Severity: param.NewOpt(avara.SeverityStat),
				StudyDescription: avara.String("Hand"), StudyViewerStatus: param.NewOpt(avara.StudyViewerStatusIncomplete),
			})
			require.NoError(t, err)
			require.Len(t, page.Studies, 1)
			assert.Equal(t, w.vwStudy, page.Studies[0].StudyID)
			return wire{method: "GET", path: "/v1/viewer/studies", query: url.Values{
				"assignedTo": {w.vwUser}, "cursor": {opCursor0}, "expressCustomerId": {w.customer}, "isCancelled": {"false"},
				"limit": {"5"}, "severity": {"stat"}, "studyDescription": {"Hand"}, "studyViewerStatus": {"incomplete"},
			}}
		}},
		{op: "viewerStudiesRetrieve", name: "Viewer.Studies.Get reads a study by its id", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Studies.Get(w.ctx, w.vwStudy)
			require.NoError(t, err)
			assert.Equal(t, w.vwStudy, got.StudyID)
			assert.Equal(t, w.vwStudyUID, got.StudyInstanceUID)
			assert.Equal(t, avara.SeverityStat, got.Severity)
			return wire{method: "GET", path: "/v1/viewer/studies/" + w.vwStudy}
		}},
		{op: "viewerStudiesUpdate", name: "Viewer.Studies.Update changes every field", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Studies.Update(w.ctx, w.vwStudy, avara.ViewerStudyUpdateParams{
				AssignedTo: avara.String(w.vwUser), Metadata: param.NewOpt(map[string]string{"a": "b"}),
				Severity: param.NewOpt(avara.SeverityHigh), StudyDescription: avara.String("Left hand X-Ray"),
				StudyViewerStatus: param.NewOpt(avara.StudyViewerStatusComplete),
			})
			require.NoError(t, err)
			assert.Equal(t, w.vwStudy, got.StudyID)
			assert.Equal(t, w.vwUser, got.AssignedTo.UserID)
			assert.Equal(t, map[string]string{"a": "b"}, got.Metadata)
			assert.Equal(t, avara.SeverityHigh, got.Severity)
			assert.Equal(t, "Left hand X-Ray", got.StudyDescription)
			assert.Equal(t, avara.StudyViewerStatusComplete, got.StudyViewerStatus)
			return wire{method: "PATCH", path: "/v1/viewer/studies/" + w.vwStudy, body: jsonText(t, obj{
				"assignedTo": w.vwUser, "metadata": obj{"a": "b"}, "severity": "high",
				"studyDescription": "Left hand X-Ray", "studyViewerStatus": "complete",
			})}
		}},
		{op: "viewerStudiesCancel", name: "Viewer.Studies.Cancel marks the study cancelled", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Studies.Cancel(w.ctx, avara.ViewerStudyCancelParams{StudyID: avara.String(w.vwStudy), StudyInstanceUID: avara.String(w.vwStudyUID)})
			require.NoError(t, err)
			assert.True(t, got.Success)
			st, err := w.c.Viewer.Studies.Get(w.ctx, w.vwStudy)
			require.NoError(t, err)
			assert.True(t, st.IsCancelled)
			assert.True(t, st.JSON.CancelledAt.Valid())
			return wire{method: "POST", path: "/v1/viewer/studies/cancel", body: jsonText(t, obj{"studyId": w.vwStudy, "studyInstanceUid": w.vwStudyUID})}
		}},
		{op: "viewerStudiesRerouteURL", name: "Viewer.Studies.RerouteURL answers a tokenized viewer URL", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Studies.RerouteURL(w.ctx, avara.ViewerStudyRerouteURLParams{StudyID: avara.String(w.vwStudy), StudyInstanceUID: avara.String(w.vwStudyUID)})
			require.NoError(t, err)
			assertTokenizedURL(t, got)
			return wire{method: "POST", path: "/v1/viewer/studies/reroute-url", body: jsonText(t, obj{"studyId": w.vwStudy, "studyInstanceUid": w.vwStudyUID})}
		}},
		{op: "viewerStudiesRetrieveByUid", name: "Viewer.Studies.GetByUID reads a study by its DICOM UID, dots escaped", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Studies.GetByUID(w.ctx, w.vwStudyUID)
			require.NoError(t, err)
			assert.Equal(t, w.vwStudy, got.StudyID)
			return wire{method: "GET", path: "/v1/viewer/studies/by-uid/1%2E2%2E840%2E10008%2E4"}
		}},
		{op: "viewerStudiesUncancel", name: "Viewer.Studies.Uncancel restores a cancelled study",
			prepare: func(t *testing.T, w *opWorld) {
				_, err := w.c.Viewer.Studies.Cancel(w.ctx, avara.ViewerStudyCancelParams{StudyID: avara.String(w.vwStudy)})
				require.NoError(t, err)
			},
			call: func(t *testing.T, w *opWorld) wire {
				got, err := w.c.Viewer.Studies.Uncancel(w.ctx, avara.ViewerStudyUncancelParams{StudyID: avara.String(w.vwStudy), StudyInstanceUID: avara.String(w.vwStudyUID)})
				require.NoError(t, err)
				assert.True(t, got.Success)
				st, err := w.c.Viewer.Studies.Get(w.ctx, w.vwStudy)
				require.NoError(t, err)
				assert.False(t, st.IsCancelled)
				return wire{method: "POST", path: "/v1/viewer/studies/uncancel", body: jsonText(t, obj{"studyId": w.vwStudy, "studyInstanceUid": w.vwStudyUID})}
			}},

		// AutoScribe.Users
		{op: "autoScribeUsersList", name: "AutoScribe.Users.List sends every filter and decodes the page", call: func(t *testing.T, w *opWorld) wire {
			page, err := w.c.AutoScribe.Users.List(w.ctx, avara.AutoScribeUserListParams{
				CanCreateReports: avara.Bool(true), Cursor: avara.String(opCursor0), Email: avara.String("ada@example.com"),
				FirstName: avara.String("Ada"), InvitedSource: param.NewOpt(avara.InvitedSourceAPI), LastName: avara.String("Lovelace"),
				Level: param.NewOpt(avara.UserLevelAdmin), Limit: avara.Int(5),
			})
			require.NoError(t, err)
			require.Len(t, page.Users, 1)
			assert.Equal(t, w.asUser, page.Users[0].UserID)
			assert.True(t, page.Users[0].CanCreateReports)
			return wire{method: "GET", path: "/v1/autoScribe/users", query: url.Values{
				"canCreateReports": {"true"}, "cursor": {opCursor0}, "email": {"ada@example.com"}, "firstName": {"Ada"},
				"invitedSource": {"api"}, "lastName": {"Lovelace"}, "level": {"admin"}, "limit": {"5"},
			}}
		}},
		{op: "autoScribeUsersInvite", name: "AutoScribe.Users.Invite creates a user with every field", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Users.Invite(w.ctx, avara.AutoScribeUserInviteParams{
				CanCreateReports: true, CanManageStudies: false, ClinicRole: avara.ClinicRoleNeurologist, Email: "new@example.com",
				FirstName: "Rosalind", HasDashboardAccess: true, LastName: "Franklin", Level: avara.AssignableUserLevelMember,
				MiddleName: avara.String("Elsie"), NPINumber: avara.String("1112223334"), PhoneNumber: avara.String("5551234567"),
				Suffix1: avara.String("MD"), Suffix2: avara.String("PhD"),
			})
			require.NoError(t, err)
			assertID(t, "usr", got.UserID)
			assert.True(t, got.CanCreateReports)
			assert.False(t, got.CanManageStudies)
			assert.True(t, got.JSON.CanManageStudies.Valid())
			assert.Equal(t, avara.ClinicRoleNeurologist, got.ClinicRole)
			assert.Equal(t, "new@example.com", got.Email)
			assert.Equal(t, "Rosalind", got.FirstName)
			assert.True(t, got.HasDashboardAccess)
			assert.Equal(t, "Franklin", got.LastName)
			assert.Equal(t, avara.AssignableUserLevelMember, got.Level)
			assert.Equal(t, "Elsie", got.MiddleName)
			assert.Equal(t, "1112223334", got.NPINumber)
			assert.Equal(t, "5551234567", got.PhoneNumber)
			assert.Equal(t, "MD", got.Suffix1)
			assert.Equal(t, "PhD", got.Suffix2)
			assert.Equal(t, avara.InvitedSourceAPI, got.InvitedSource)
			return wire{method: "POST", path: "/v1/autoScribe/users", body: jsonText(t, obj{
				"canCreateReports": true, "canManageStudies": false, "clinicRole": "Neurologist", "email": "new@example.com",
				"firstName": "Rosalind", "hasDashboardAccess": true, "lastName": "Franklin", "level": "member",
				"middleName": "Elsie", "npiNumber": "1112223334", "phoneNumber": "5551234567", "suffix1": "MD", "suffix2": "PhD",
			})}
		}},
		{op: "autoScribeUsersReactivate", name: "AutoScribe.Users.Reactivate restores a revoked user's permissions",
			prepare: func(t *testing.T, w *opWorld) {
				_, err := w.c.AutoScribe.Users.RevokeAccess(w.ctx, avara.AutoScribeUserRevokeAccessParams{UserID: w.asUser})
				require.NoError(t, err)
			},
			call: func(t *testing.T, w *opWorld) wire {
				got, err := w.c.AutoScribe.Users.Reactivate(w.ctx, avara.AutoScribeUserReactivateParams{UserID: w.asUser})
				require.NoError(t, err)
				assert.True(t, got.Success)
				u, err := w.c.AutoScribe.Users.Get(w.ctx, w.asUser)
				require.NoError(t, err)
				assert.True(t, u.CanCreateReports)
				assert.True(t, u.CanManageStudies)
				assert.True(t, u.HasDashboardAccess)
				return wire{method: "POST", path: "/v1/autoScribe/users/reactivate", body: jsonText(t, obj{"userId": w.asUser})}
			}},
		{op: "autoScribeUsersRevokeAccess", name: "AutoScribe.Users.RevokeAccess takes the user's permissions away", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Users.RevokeAccess(w.ctx, avara.AutoScribeUserRevokeAccessParams{UserID: w.asUser})
			require.NoError(t, err)
			assert.True(t, got.Success)
			u, err := w.c.AutoScribe.Users.Get(w.ctx, w.asUser)
			require.NoError(t, err)
			assert.False(t, u.CanCreateReports)
			assert.False(t, u.CanManageStudies)
			assert.False(t, u.HasDashboardAccess)
			return wire{method: "POST", path: "/v1/autoScribe/users/revoke-access", body: jsonText(t, obj{"userId": w.asUser})}
		}},
		{op: "autoScribeUsersRetrieve", name: "AutoScribe.Users.Get reads a user by its id", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Users.Get(w.ctx, w.asUser)
			require.NoError(t, err)
			assert.Equal(t, w.asUser, got.UserID)
			assert.Equal(t, "ada@example.com", got.Email)
			assert.Equal(t, avara.UserLevelAdmin, got.Level)
			assert.Equal(t, "1234567890", got.NPINumber)
			return wire{method: "GET", path: "/v1/autoScribe/users/" + w.asUser}
		}},
		{op: "autoScribeUsersUpdate", name: "AutoScribe.Users.Update changes every field, null clearing what it may", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Users.Update(w.ctx, w.asUser, avara.AutoScribeUserUpdateParams{
				CanCreateReports: avara.Bool(true), CanManageStudies: avara.Bool(false), ClinicRole: param.NewOpt(avara.ClinicRoleCardiologist),
				FirstName: avara.String("Augusta"), HasDashboardAccess: avara.Bool(true), LastName: avara.String("King"),
				Level: param.NewOpt(avara.AssignableUserLevelMember), MiddleName: param.Null[string](), NPINumber: avara.String("0987654321"),
				PhoneNumber: avara.String("5557654321"), Suffix1: avara.String("Jr."), Suffix2: param.Null[string](),
			})
			require.NoError(t, err)
			assert.Equal(t, w.asUser, got.UserID)
			assert.True(t, got.CanCreateReports)
			assert.False(t, got.CanManageStudies)
			assert.Equal(t, avara.ClinicRoleCardiologist, got.ClinicRole)
			assert.Equal(t, "Augusta", got.FirstName)
			assert.True(t, got.HasDashboardAccess)
			assert.Equal(t, "King", got.LastName)
			assert.Equal(t, avara.UserLevelMember, got.Level)
			assert.False(t, got.JSON.MiddleName.Valid())
			assert.Equal(t, "0987654321", got.NPINumber)
			assert.Equal(t, "5557654321", got.PhoneNumber)
			assert.Equal(t, "Jr.", got.Suffix1)
			assert.False(t, got.JSON.Suffix2.Valid())
			return wire{method: "PATCH", path: "/v1/autoScribe/users/" + w.asUser, body: `{"canCreateReports":true,"canManageStudies":false,
				"clinicRole":"Cardiologist","firstName":"Augusta","hasDashboardAccess":true,"lastName":"King","level":"member",
				"middleName":null,"npiNumber":"0987654321","phoneNumber":"5557654321","suffix1":"Jr.","suffix2":null}`}
		}},

		// AutoScribe.Users.Invitations
		{op: "autoScribeUsersInvitationsList", name: "AutoScribe.Users.Invitations.List sends every filter, the statuses comma-joined", call: func(t *testing.T, w *opWorld) wire {
			page, err := w.c.AutoScribe.Users.Invitations.List(w.ctx, avara.AutoScribeUserInvitationListParams{
				Cursor: avara.String(opCursor0), EndDate: avara.String("2999-12-31"), Expired: param.NewOpt(avara.InvitationExpiredFilterNotExpired),
				Limit: avara.Int(5), StartDate: avara.String("2000-01-01"),
				Status: []avara.InvitationStatus{avara.InvitationStatusSent, avara.InvitationStatusAccepted}, UserID: avara.String(w.asUser),
			})
			require.NoError(t, err)
			require.Len(t, page.Invitations, 1)
			inv := page.Invitations[0]
			assert.Equal(t, w.asInvitation, inv.InvitationID)
			assert.Equal(t, w.asUser, inv.UserID)
			assert.Equal(t, avara.InvitationStatusSent, inv.Status)
			return wire{method: "GET", path: "/v1/autoScribe/users/invitations", query: url.Values{
				"cursor": {opCursor0}, "endDate": {"2999-12-31"}, "expired": {"not-expired"}, "limit": {"5"},
				"startDate": {"2000-01-01"}, "status": {"sent,accepted"}, "userId": {w.asUser},
			}}
		}},
		{op: "autoScribeUsersInvitationsRevoke", name: "AutoScribe.Users.Invitations.Revoke marks the invitation revoked", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Users.Invitations.Revoke(w.ctx, avara.AutoScribeUserInvitationRevokeParams{InvitationID: avara.String(w.asInvitation), UserID: avara.String(w.asUser)})
			require.NoError(t, err)
			assert.True(t, got.Success)
			inv, err := w.c.AutoScribe.Users.Invitations.Get(w.ctx, w.asInvitation)
			require.NoError(t, err)
			assert.Equal(t, avara.InvitationStatusRevoked, inv.Status)
			return wire{method: "POST", path: "/v1/autoScribe/users/invitations/revoke", body: jsonText(t, obj{"invitationId": w.asInvitation, "userId": w.asUser})}
		}},
		{op: "autoScribeUsersInvitationsRetrieve", name: "AutoScribe.Users.Invitations.Get reads a pending invitation", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Users.Invitations.Get(w.ctx, w.asInvitation)
			require.NoError(t, err)
			assert.Equal(t, w.asInvitation, got.InvitationID)
			assert.Equal(t, w.asUser, got.UserID)
			assert.Equal(t, "ada@example.com", got.Email)
			assert.Equal(t, avara.InvitationStatusSent, got.Status)
			assert.True(t, got.Expiry.After(got.CreatedAt), "a pending invitation expires after it was made")
			return wire{method: "GET", path: "/v1/autoScribe/users/invitations/" + w.asInvitation}
		}},
		{op: "autoScribeUsersInvitationsUpdate", name: "AutoScribe.Users.Invitations.Update changes every field, null clearing what it may", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.AutoScribe.Users.Invitations.Update(w.ctx, w.asInvitation, avara.AutoScribeUserInvitationUpdateParams{
				CanCreateReports: avara.Bool(true), CanManageStudies: avara.Bool(false), ClinicRole: param.NewOpt(avara.ClinicRoleSurgeon),
				FirstName: avara.String("Ada"), HasDashboardAccess: avara.Bool(false), LastName: avara.String("Byron"),
				Level: param.NewOpt(avara.AssignableUserLevelMember), MiddleName: avara.String("King"), NPINumber: avara.String("2223334445"),
				PhoneNumber: param.Null[string](), Suffix1: avara.String("III"), Suffix2: param.Null[string](),
			})
			require.NoError(t, err)
			assert.Equal(t, w.asInvitation, got.InvitationID)
			assert.True(t, got.CanCreateReports)
			assert.False(t, got.CanManageStudies)
			assert.Equal(t, avara.ClinicRoleSurgeon, got.ClinicRole)
			assert.Equal(t, "Ada", got.FirstName)
			assert.False(t, got.HasDashboardAccess)
			assert.Equal(t, "Byron", got.LastName)
			assert.Equal(t, avara.UserLevelMember, got.Level)
			assert.Equal(t, "King", got.MiddleName)
			assert.Equal(t, "2223334445", got.NPINumber)
			assert.False(t, got.JSON.PhoneNumber.Valid())
			assert.Equal(t, "III", got.Suffix1)
			assert.False(t, got.JSON.Suffix2.Valid())
			assert.Equal(t, avara.InvitationStatusSent, got.Status)
			return wire{method: "PATCH", path: "/v1/autoScribe/users/invitations/" + w.asInvitation, body: `{"canCreateReports":true,
				"canManageStudies":false,"clinicRole":"Surgeon","firstName":"Ada","hasDashboardAccess":false,"lastName":"Byron",
				"level":"member","middleName":"King","npiNumber":"2223334445","phoneNumber":null,"suffix1":"III","suffix2":null}`}
		}},

		// Viewer.Users
		{op: "viewerUsersList", name: "Viewer.Users.List sends every filter and decodes the page", call: func(t *testing.T, w *opWorld) wire {
			page, err := w.c.Viewer.Users.List(w.ctx, avara.ViewerUserListParams{
				Cursor: avara.String(opCursor0), Email: avara.String("grace@example.com"), FirstName: avara.String("Grace"),
				InvitedSource: param.NewOpt(avara.InvitedSourceAPI), LastName: avara.String("Hopper"),
				Level: param.NewOpt(avara.UserLevelMember), Limit: avara.Int(5),
			})
			require.NoError(t, err)
			require.Len(t, page.Users, 1)
			assert.Equal(t, w.vwUser, page.Users[0].UserID)
			return wire{method: "GET", path: "/v1/viewer/users", query: url.Values{
				"cursor": {opCursor0}, "email": {"grace@example.com"}, "firstName": {"Grace"}, "invitedSource": {"api"},
				"lastName": {"Hopper"}, "level": {"member"}, "limit": {"5"},
			}}
		}},
		{op: "viewerUsersInvite", name: "Viewer.Users.Invite creates a user with every field", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Users.Invite(w.ctx, avara.ViewerUserInviteParams{
				CanManageStudies: true, ClinicRole: avara.ClinicRoleDoctor, Email: "katherine@example.com", FirstName: "Katherine",
				HasDashboardAccess: true, LastName: "Johnson", Level: avara.AssignableUserLevelAdmin,
				MiddleName: avara.String("Coleman"), PhoneNumber: avara.String("5550001111"), Suffix1: avara.String("Sr."), Suffix2: avara.String("II"),
			})
			require.NoError(t, err)
			assertID(t, "usr", got.UserID)
			assert.True(t, got.CanManageStudies)
			assert.Equal(t, avara.ClinicRoleDoctor, got.ClinicRole)
			assert.Equal(t, "katherine@example.com", got.Email)
			assert.Equal(t, "Katherine", got.FirstName)
			assert.True(t, got.HasDashboardAccess)
			assert.Equal(t, "Johnson", got.LastName)
			assert.Equal(t, avara.AssignableUserLevelAdmin, got.Level)
			assert.Equal(t, "Coleman", got.MiddleName)
			assert.Equal(t, "5550001111", got.PhoneNumber)
			assert.Equal(t, "Sr.", got.Suffix1)
			assert.Equal(t, "II", got.Suffix2)
			return wire{method: "POST", path: "/v1/viewer/users", body: jsonText(t, obj{
				"canManageStudies": true, "clinicRole": "Doctor", "email": "katherine@example.com", "firstName": "Katherine",
				"hasDashboardAccess": true, "lastName": "Johnson", "level": "admin", "middleName": "Coleman",
				"phoneNumber": "5550001111", "suffix1": "Sr.", "suffix2": "II",
			})}
		}},
		{op: "viewerUsersReactivate", name: "Viewer.Users.Reactivate restores a revoked user's permissions",
			prepare: func(t *testing.T, w *opWorld) {
				_, err := w.c.Viewer.Users.RevokeAccess(w.ctx, avara.ViewerUserRevokeAccessParams{UserID: w.vwUser})
				require.NoError(t, err)
			},
			call: func(t *testing.T, w *opWorld) wire {
				got, err := w.c.Viewer.Users.Reactivate(w.ctx, avara.ViewerUserReactivateParams{UserID: w.vwUser})
				require.NoError(t, err)
				assert.True(t, got.Success)
				u, err := w.c.Viewer.Users.Get(w.ctx, w.vwUser)
				require.NoError(t, err)
				assert.True(t, u.CanManageStudies)
				return wire{method: "POST", path: "/v1/viewer/users/reactivate", body: jsonText(t, obj{"userId": w.vwUser})}
			}},
		{op: "viewerUsersRevokeAccess", name: "Viewer.Users.RevokeAccess takes the user's permissions away", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Users.RevokeAccess(w.ctx, avara.ViewerUserRevokeAccessParams{UserID: w.vwUser})
			require.NoError(t, err)
			assert.True(t, got.Success)
			u, err := w.c.Viewer.Users.Get(w.ctx, w.vwUser)
			require.NoError(t, err)
			assert.False(t, u.CanManageStudies)
			assert.False(t, u.HasDashboardAccess)
			return wire{method: "POST", path: "/v1/viewer/users/revoke-access", body: jsonText(t, obj{"userId": w.vwUser})}
		}},
		{op: "viewerUsersRetrieve", name: "Viewer.Users.Get reads a user by its id", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Users.Get(w.ctx, w.vwUser)
			require.NoError(t, err)
			assert.Equal(t, w.vwUser, got.UserID)
			assert.Equal(t, "grace@example.com", got.Email)
			assert.Equal(t, avara.UserLevelMember, got.Level)
			return wire{method: "GET", path: "/v1/viewer/users/" + w.vwUser}
		}},
		{op: "viewerUsersUpdate", name: "Viewer.Users.Update changes every field, null clearing what it may", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Users.Update(w.ctx, w.vwUser, avara.ViewerUserUpdateParams{
				CanManageStudies: avara.Bool(false), ClinicRole: param.NewOpt(avara.ClinicRoleUrologist), FirstName: avara.String("Amazing"),
				HasDashboardAccess: avara.Bool(true), LastName: avara.String("Murray Hopper"), Level: param.NewOpt(avara.AssignableUserLevelAdmin),
				MiddleName: avara.String("Brewster"), PhoneNumber: avara.String("5552223333"), Suffix1: param.Null[string](), Suffix2: avara.String("RADM"),
			})
			require.NoError(t, err)
			assert.Equal(t, w.vwUser, got.UserID)
			assert.False(t, got.CanManageStudies)
			assert.Equal(t, avara.ClinicRoleUrologist, got.ClinicRole)
			assert.Equal(t, "Amazing", got.FirstName)
			assert.True(t, got.HasDashboardAccess)
			assert.Equal(t, "Murray Hopper", got.LastName)
			assert.Equal(t, avara.UserLevelAdmin, got.Level)
			assert.Equal(t, "Brewster", got.MiddleName)
			assert.Equal(t, "5552223333", got.PhoneNumber)
			assert.False(t, got.JSON.Suffix1.Valid())
			assert.Equal(t, "RADM", got.Suffix2)
			return wire{method: "PATCH", path: "/v1/viewer/users/" + w.vwUser, body: `{"canManageStudies":false,"clinicRole":"Urologist",
				"firstName":"Amazing","hasDashboardAccess":true,"lastName":"Murray Hopper","level":"admin","middleName":"Brewster",
				"phoneNumber":"5552223333","suffix1":null,"suffix2":"RADM"}`}
		}},

		// Viewer.Users.Invitations
		{op: "viewerUsersInvitationsList", name: "Viewer.Users.Invitations.List sends every filter, the statuses comma-joined", call: func(t *testing.T, w *opWorld) wire {
			page, err := w.c.Viewer.Users.Invitations.List(w.ctx, avara.ViewerUserInvitationListParams{
				Cursor: avara.String(opCursor0), EndDate: avara.String("2999-12-31"), Expired: param.NewOpt(avara.InvitationExpiredFilterAll),
				Limit: avara.Int(5), StartDate: avara.String("2000-01-01"),
				Status: []avara.InvitationStatus{avara.InvitationStatusSent, avara.InvitationStatusRevoked}, UserID: avara.String(w.vwUser),
			})
			require.NoError(t, err)
			require.Len(t, page.Invitations, 1)
			assert.Equal(t, w.vwInvitation, page.Invitations[0].InvitationID)
			return wire{method: "GET", path: "/v1/viewer/users/invitations", query: url.Values{
				"cursor": {opCursor0}, "endDate": {"2999-12-31"}, "expired": {"all"}, "limit": {"5"},
				"startDate": {"2000-01-01"}, "status": {"sent,revoked"}, "userId": {w.vwUser},
			}}
		}},
		{op: "viewerUsersInvitationsRevoke", name: "Viewer.Users.Invitations.Revoke marks the invitation revoked", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Users.Invitations.Revoke(w.ctx, avara.ViewerUserInvitationRevokeParams{InvitationID: avara.String(w.vwInvitation), UserID: avara.String(w.vwUser)})
			require.NoError(t, err)
			assert.True(t, got.Success)
			inv, err := w.c.Viewer.Users.Invitations.Get(w.ctx, w.vwInvitation)
			require.NoError(t, err)
			assert.Equal(t, avara.InvitationStatusRevoked, inv.Status)
			return wire{method: "POST", path: "/v1/viewer/users/invitations/revoke", body: jsonText(t, obj{"invitationId": w.vwInvitation, "userId": w.vwUser})}
		}},
		{op: "viewerUsersInvitationsRetrieve", name: "Viewer.Users.Invitations.Get reads a pending invitation", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Users.Invitations.Get(w.ctx, w.vwInvitation)
			require.NoError(t, err)
			assert.Equal(t, w.vwInvitation, got.InvitationID)
			assert.Equal(t, w.vwUser, got.UserID)
			assert.Equal(t, avara.InvitationStatusSent, got.Status)
			return wire{method: "GET", path: "/v1/viewer/users/invitations/" + w.vwInvitation}
		}},
		{op: "viewerUsersInvitationsUpdate", name: "Viewer.Users.Invitations.Update changes every field, null clearing what it may", call: func(t *testing.T, w *opWorld) wire {
			got, err := w.c.Viewer.Users.Invitations.Update(w.ctx, w.vwInvitation, avara.ViewerUserInvitationUpdateParams{
				CanManageStudies: avara.Bool(false), ClinicRole: param.NewOpt(avara.ClinicRoleEndocrinologist), FirstName: avara.String("Grace B."),
				HasDashboardAccess: avara.Bool(true), LastName: avara.String("Hopper-Murray"), Level: param.NewOpt(avara.AssignableUserLevelAdmin),
				MiddleName: param.Null[string](), PhoneNumber: avara.String("5559998888"), Suffix1: avara.String("PhD"), Suffix2: param.Null[string](),
			})
			require.NoError(t, err)
			assert.Equal(t, w.vwInvitation, got.InvitationID)
			assert.False(t, got.CanManageStudies)
			assert.Equal(t, avara.ClinicRoleEndocrinologist, got.ClinicRole)
			assert.Equal(t, "Grace B.", got.FirstName)
			assert.True(t, got.HasDashboardAccess)
			assert.Equal(t, "Hopper-Murray", got.LastName)
			assert.Equal(t, avara.UserLevelAdmin, got.Level)
			assert.False(t, got.JSON.MiddleName.Valid())
			assert.Equal(t, "5559998888", got.PhoneNumber)
			assert.Equal(t, "PhD", got.Suffix1)
			assert.False(t, got.JSON.Suffix2.Valid())
			return wire{method: "PATCH", path: "/v1/viewer/users/invitations/" + w.vwInvitation, body: `{"canManageStudies":false,
				"clinicRole":"Endocrinologist","firstName":"Grace B.","hasDashboardAccess":true,"lastName":"Hopper-Murray",
				"level":"admin","middleName":null,"phoneNumber":"5559998888","suffix1":"PhD","suffix2":null}`}
		}},
	}
}

// TestEveryOperation sends each operation of openapi.yml through the SDK to
// the fake with every parameter set, and checks the request on the wire and
// the decoded answer.
func TestEveryOperation(t *testing.T) {
	rows := opRows()
	declared := specParams(t)
	t.Run("every operation of openapi.yml has a row, and every row an operation", func(t *testing.T) {
		ids, _ := specOperations(t)
		have := map[string]bool{}
		for _, r := range rows {
			assert.False(t, have[r.op], "%s has two rows", r.op)
			have[r.op] = true
		}
		for _, id := range ids {
			assert.True(t, have[id], "operation %s has no row in TestEveryOperation: add one", id)
			delete(have, id)
		}
		for id := range have {
			assert.Fail(t, "a row names an operation openapi.yml does not have", id)
		}
	})
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			w := newOpWorld(t)
			if row.prepare != nil {
				row.prepare(t, w)
			}
			w.srv.ResetRequests()
			want := row.call(t, w)
			reqs := w.srv.Requests()
			require.NotEmpty(t, reqs, "the call sent a request")
			assertWire(t, want, reqs[0])
			assertEveryParameterSet(t, declared[row.op], want)
		})
	}
}

// opFullReportMetadata sets every field of a study's report metadata.
func opFullReportMetadata() avara.StudyReportMetadataParam {
	return avara.StudyReportMetadataParam{
		Age: avara.String("34 years"), DateOfBirth: avara.String("1990-05-20"), FacilityName: avara.String("Main Hospital"),
		Height: avara.HeightParam{Unit: avara.HeightUnitCm, Value: 178}, MRN: avara.String("MRN-1"),
		PatientName: avara.String("Doe^Jane"), Procedure: avara.String("CT Abdomen"), ReferringPhysicianName: avara.String("Dr. House"),
		Sex: param.NewOpt(avara.SexFemale), StudyDate: avara.String("2024-01-15"), StudyTime: avara.String("14:30"),
		Weight: avara.WeightParam{Unit: avara.WeightUnitKg, Value: 68.5},
	}
}

var opFullReportMetadataJSON = obj{
	"age": "34 years", "dateOfBirth": "1990-05-20", "facilityName": "Main Hospital",
	"height": obj{"unit": "cm", "value": 178}, "mrn": "MRN-1", "patientName": "Doe^Jane", "procedure": "CT Abdomen",
	"referringPhysicianName": "Dr. House", "sex": "female", "studyDate": "2024-01-15", "studyTime": "14:30",
	"weight": obj{"unit": "kg", "value": 68.5},
}

func assertFullReportMetadata(t *testing.T, rm avara.StudyReportMetadata) {
	t.Helper()
	assert.Equal(t, "34 years", rm.Age)
	assert.Equal(t, "1990-05-20", rm.DateOfBirth)
	assert.Equal(t, "Main Hospital", rm.FacilityName)
	assert.Equal(t, avara.HeightUnitCm, rm.Height.Unit)
	assert.InDelta(t, 178, rm.Height.Value, 0)
	assert.Equal(t, "MRN-1", rm.MRN)
	assert.Equal(t, "Doe^Jane", rm.PatientName)
	assert.Equal(t, "CT Abdomen", rm.Procedure)
	assert.Equal(t, "Dr. House", rm.ReferringPhysicianName)
	assert.Equal(t, avara.SexFemale, rm.Sex)
	assert.Equal(t, "2024-01-15", rm.StudyDate)
	assert.Equal(t, "14:30", rm.StudyTime)
	assert.Equal(t, avara.WeightUnitKg, rm.Weight.Unit)
	assert.InDelta(t, 68.5, rm.Weight.Value, 0)
}

// assertTokenizedURL checks a reroute or landing URL: present, absolute.
func assertTokenizedURL(t *testing.T, got *avara.TokenizedURL) {
	t.Helper()
	require.NotNil(t, got)
	assert.True(t, got.JSON.URL.Valid())
	u, err := url.Parse(got.URL)
	require.NoError(t, err)
	assert.True(t, u.IsAbs() && u.Host != "", "an absolute URL: %q", got.URL)
}

// pagingRow walks one cursor list with ListAutoPaging over more than one
// page.
type pagingRow struct {
	op   string // the list's operationId in openapi.yml
	name string
	path string
	// fill makes three objects the walk's filters match, and returns their
	// ids in the order the list answers them (oldest first).
	fill func(t *testing.T, w *opWorld) []string
	// walk walks the list with limit 2 and the filters, returning the ids
	// met, the walk's Err(), and the query the first page must be asked with.
	walk func(w *opWorld) (ids []string, first url.Values, err error)
}

// walkIDs drains an AutoPager into the ids of what it met.
func walkIDs[T any](p interface {
	Next() bool
	Current() T
	Err() error
}, id func(T) string) ([]string, error) {
	var ids []string
	for p.Next() {
		ids = append(ids, id(p.Current()))
	}
	return ids, p.Err()
}

func pagingInvite(t *testing.T, w *opWorld, n int) (asUsers, vwUsers []string) {
	for i := range n {
		a, err := w.c.AutoScribe.Users.Invite(w.ctx, avara.AutoScribeUserInviteParams{
			CanCreateReports: true, CanManageStudies: true, ClinicRole: avara.ClinicRoleRadiologist,
			Email: "as" + strconv.Itoa(i) + "@example.com", FirstName: "A", LastName: "S", HasDashboardAccess: true,
			Level: avara.AssignableUserLevelAdmin, NPINumber: avara.String("1234567890"),
		})
		require.NoError(t, err)
		asUsers = append(asUsers, a.UserID)
		v, err := w.c.Viewer.Users.Invite(w.ctx, avara.ViewerUserInviteParams{
			CanManageStudies: true, ClinicRole: avara.ClinicRolePhysician, Email: "vw" + strconv.Itoa(i) + "@example.com",
			FirstName: "V", LastName: "W", Level: avara.AssignableUserLevelMember,
		})
		require.NoError(t, err)
		vwUsers = append(vwUsers, v.UserID)
	}
	return asUsers, vwUsers
}

func pagingRows() []pagingRow {
	uid := func(i int) string { return "1.2.840.10008.6." + strconv.Itoa(i+1) }
	return []pagingRow{
		{op: "expressList", name: "Express.ListAutoPaging walks every customer page by page", path: "/v1/express",
			fill: func(t *testing.T, w *opWorld) (ids []string) {
				for i := range 3 {
					c, err := w.c.Express.New(w.ctx, avara.ExpressNewParams{ExpressCustomerName: "Clinic " + strconv.Itoa(i)})
					require.NoError(t, err)
					ids = append(ids, c.ExpressCustomerID)
				}
				return ids
			},
			walk: func(w *opWorld) ([]string, url.Values, error) {
				ids, err := walkIDs(w.c.Express.ListAutoPaging(w.ctx, avara.ExpressListParams{Limit: avara.Int(2)}),
					func(c avara.ExpressCustomer) string { return c.ExpressCustomerID })
				return ids, url.Values{"limit": {"2"}}, err
			}},
		{op: "autoScribeClinicalReferencesList", name: "AutoScribe.ClinicalReferences.ListAutoPaging walks every reference page by page", path: "/v1/autoScribe/clinicalReferences",
			fill: func(t *testing.T, w *opWorld) (ids []string) {
				for i := range 3 {
					r, err := w.c.AutoScribe.ClinicalReferences.New(w.ctx, avara.AutoScribeClinicalReferenceNewParams{
						Name: "Facility " + strconv.Itoa(i), Type: avara.ClinicalReferenceTypeFacility,
					})
					require.NoError(t, err)
					ids = append(ids, r.ClinicalReferenceID)
				}
				return ids
			},
			walk: func(w *opWorld) ([]string, url.Values, error) {
				ids, err := walkIDs(w.c.AutoScribe.ClinicalReferences.ListAutoPaging(w.ctx, avara.AutoScribeClinicalReferenceListParams{
					Limit: avara.Int(2), IsActive: avara.Bool(true), Type: param.NewOpt(avara.ClinicalReferenceTypeFacility),
				}), func(r avara.ClinicalReference) string { return r.ClinicalReferenceID })
				return ids, url.Values{"limit": {"2"}, "isActive": {"true"}, "type": {"facility"}}, err
			}},
		{op: "autoScribeStudiesList", name: "AutoScribe.Studies.ListAutoPaging walks every study page by page", path: "/v1/autoScribe/studies",
			fill: func(t *testing.T, w *opWorld) (ids []string) {
				for i := range 3 {
					s, err := w.c.AutoScribe.Studies.New(w.ctx, avara.AutoScribeStudyNewParams{
						StudyInstanceUID: uid(i), StudyDescription: "CT", Severity: avara.SeverityHigh,
					})
					require.NoError(t, err)
					ids = append(ids, s.StudyID)
				}
				return ids
			},
			walk: func(w *opWorld) ([]string, url.Values, error) {
				ids, err := walkIDs(w.c.AutoScribe.Studies.ListAutoPaging(w.ctx, avara.AutoScribeStudyListParams{
					Limit: avara.Int(2), Severity: param.NewOpt(avara.SeverityHigh),
					StudyReportStatus: []avara.StudyReportStatus{avara.StudyReportStatusUnassigned, avara.StudyReportStatusAssigned},
				}), func(s avara.AutoScribeStudy) string { return s.StudyID })
				return ids, url.Values{"limit": {"2"}, "severity": {"high"}, "studyReportStatus": {"unassigned,assigned"}}, err
			}},
		{op: "autoScribeStudiesExternalReportsList", name: "AutoScribe.Studies.External.Reports.ListAutoPaging walks every external report page by page", path: "/v1/autoScribe/studies/external/reports",
			fill: func(t *testing.T, w *opWorld) (ids []string) {
				for i := range 3 {
					s, err := w.c.AutoScribe.Studies.External.New(w.ctx, avara.AutoScribeStudyExternalNewParams{
						StudyInstanceUID: uid(i), StudyDescription: "Old CT", Severity: avara.SeverityNormal, ReportText: avara.String("Fine."),
					})
					require.NoError(t, err)
					ids = append(ids, s.ExternalReportID)
				}
				return ids
			},
			walk: func(w *opWorld) ([]string, url.Values, error) {
				ids, err := walkIDs(w.c.AutoScribe.Studies.External.Reports.ListAutoPaging(w.ctx, avara.AutoScribeStudyExternalReportListParams{Limit: avara.Int(2)}),
					func(r avara.ExternalReportSummary) string { return r.ExternalReportID })
				return ids, url.Values{"limit": {"2"}}, err
			}},
		{op: "autoScribeUsersList", name: "AutoScribe.Users.ListAutoPaging walks every user page by page", path: "/v1/autoScribe/users",
			fill: func(t *testing.T, w *opWorld) []string {
				as, _ := pagingInvite(t, w, 3)
				return as
			},
			walk: func(w *opWorld) ([]string, url.Values, error) {
				ids, err := walkIDs(w.c.AutoScribe.Users.ListAutoPaging(w.ctx, avara.AutoScribeUserListParams{
					Limit: avara.Int(2), CanCreateReports: avara.Bool(true), Level: param.NewOpt(avara.UserLevelAdmin),
				}), func(u avara.AutoScribeUser) string { return u.UserID })
				return ids, url.Values{"limit": {"2"}, "canCreateReports": {"true"}, "level": {"admin"}}, err
			}},
		{op: "autoScribeUsersInvitationsList", name: "AutoScribe.Users.Invitations.ListAutoPaging walks every invitation page by page", path: "/v1/autoScribe/users/invitations",
			fill: func(t *testing.T, w *opWorld) []string {
				as, _ := pagingInvite(t, w, 3)
				return as
			},
			walk: func(w *opWorld) ([]string, url.Values, error) {
				ids, err := walkIDs(w.c.AutoScribe.Users.Invitations.ListAutoPaging(w.ctx, avara.AutoScribeUserInvitationListParams{
					Limit: avara.Int(2), Status: []avara.InvitationStatus{avara.InvitationStatusSent}, Expired: param.NewOpt(avara.InvitationExpiredFilterNotExpired),
				}), func(i avara.AutoScribeInvitation) string { return i.UserID })
				return ids, url.Values{"limit": {"2"}, "status": {"sent"}, "expired": {"not-expired"}}, err
			}},
		{op: "viewerStudiesList", name: "Viewer.Studies.ListAutoPaging walks every study page by page", path: "/v1/viewer/studies",
			fill: func(t *testing.T, w *opWorld) (ids []string) {
				for i := range 3 {
					s, err := w.c.Viewer.Studies.New(w.ctx, avara.ViewerStudyNewParams{StudyInstanceUID: uid(i), StudyDescription: "X-Ray", Severity: avara.SeverityStat})
					require.NoError(t, err)
					ids = append(ids, s.StudyID)
				}
				return ids
			},
			walk: func(w *opWorld) ([]string, url.Values, error) {
				ids, err := walkIDs(w.c.Viewer.Studies.ListAutoPaging(w.ctx, avara.ViewerStudyListParams{
					Limit: avara.Int(2), Severity: param.NewOpt(avara.SeverityStat), IsCancelled: avara.Bool(false),
				}), func(s avara.ViewerStudy) string { return s.StudyID })
				return ids, url.Values{"limit": {"2"}, "severity": {"stat"}, "isCancelled": {"false"}}, err
			}},
		{op: "viewerUsersList", name: "Viewer.Users.ListAutoPaging walks every user page by page", path: "/v1/viewer/users",
			fill: func(t *testing.T, w *opWorld) []string {
				_, vw := pagingInvite(t, w, 3)
				return vw
			},
			walk: func(w *opWorld) ([]string, url.Values, error) {
				ids, err := walkIDs(w.c.Viewer.Users.ListAutoPaging(w.ctx, avara.ViewerUserListParams{
					Limit: avara.Int(2), InvitedSource: param.NewOpt(avara.InvitedSourceAPI),
				}), func(u avara.ViewerUser) string { return u.UserID })
				return ids, url.Values{"limit": {"2"}, "invitedSource": {"api"}}, err
			}},
		{op: "viewerUsersInvitationsList", name: "Viewer.Users.Invitations.ListAutoPaging walks every invitation page by page", path: "/v1/viewer/users/invitations",
			fill: func(t *testing.T, w *opWorld) []string {
				_, vw := pagingInvite(t, w, 3)
				return vw
			},
			walk: func(w *opWorld) ([]string, url.Values, error) {
				ids, err := walkIDs(w.c.Viewer.Users.Invitations.ListAutoPaging(w.ctx, avara.ViewerUserInvitationListParams{
					Limit: avara.Int(2), Status: []avara.InvitationStatus{avara.InvitationStatusSent, avara.InvitationStatusAccepted},
				}), func(i avara.ViewerInvitation) string { return i.UserID })
				return ids, url.Values{"limit": {"2"}, "status": {"sent,accepted"}}, err
			}},
	}
}

// TestListAutoPagingWalksEveryPage walks each cursor list over two pages
// (three objects, limit 2): every object is met once in order, the second
// page is asked for with the first page's cursor and the same filters, and
// the walk ends with a nil Err.
func TestListAutoPagingWalksEveryPage(t *testing.T) {
	rows := pagingRows()
	t.Run("every cursor list of openapi.yml has a ListAutoPaging row", func(t *testing.T) {
		_, cursorLists := specOperations(t)
		require.NotEmpty(t, cursorLists)
		have := map[string]bool{}
		for _, r := range rows {
			have[r.op] = true
			assert.True(t, cursorLists[r.op], "%s is not a cursor list in openapi.yml", r.op)
		}
		for op := range cursorLists {
			assert.True(t, have[op], "cursor list %s has no ListAutoPaging row: add one", op)
		}
	})
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			srv := avaratest.NewServer()
			t.Cleanup(srv.Close)
			w := &opWorld{srv: srv, c: srv.Client(), ctx: context.Background()} // empty: only what fill makes
			want := row.fill(t, w)
			require.Len(t, want, 3)
			srv.ResetRequests()

			got, first, err := row.walk(w)
			require.NoError(t, err, "the walk ends with a nil Err()")
			assert.Equal(t, want, got, "every object once, oldest first")

			reqs := srv.Requests()
			require.Len(t, reqs, 2, "two pages: two requests, none after the last page")
			assertWire(t, wire{method: "GET", path: row.path, query: first}, reqs[0])
			cursor := reqs[1].Query.Get("cursor")
			require.NotEmpty(t, cursor, "the second page is asked for with a cursor")
			second := url.Values{"cursor": {cursor}}
			for k, v := range first {
				second[k] = v
			}
			assertWire(t, wire{method: "GET", path: row.path, query: second}, reqs[1])
		})
	}
}

// TestListSendsNullQueryParameters covers the query parameters openapi.yml
// declares nullable, whose null is a filter of its own ("null = explicitly
// unassigned", "null = studies with no customer"): param.Null must reach the
// wire as the text null, which the fake reads as "objects without the field".
func TestListSendsNullQueryParameters(t *testing.T) {
	rows := []struct {
		name string
		call func(t *testing.T, w *opWorld) wire
	}{
		{name: "AutoScribe.Studies.List sends assignedTo=null and expressCustomerId=null to find unassigned studies of no customer",
			call: func(t *testing.T, w *opWorld) wire {
				page, err := w.c.AutoScribe.Studies.List(w.ctx, avara.AutoScribeStudyListParams{
					AssignedTo: param.Null[string](), ExpressCustomerID: param.Null[string](),
				})
				require.NoError(t, err)
				for _, s := range page.Studies {
					assert.NotEqual(t, w.study, s.StudyID, "the assigned study of a customer is filtered out")
					assert.False(t, s.JSON.AssignedTo.Valid(), "%s is unassigned", s.StudyID)
				}
				assert.NotEmpty(t, page.Studies)
				return wire{method: "GET", path: "/v1/autoScribe/studies", query: url.Values{"assignedTo": {"null"}, "expressCustomerId": {"null"}}}
			}},
		{name: "Viewer.Studies.List sends assignedTo=null and expressCustomerId=null to find unassigned studies of no customer",
			call: func(t *testing.T, w *opWorld) wire {
				other, err := w.c.Viewer.Studies.New(w.ctx, avara.ViewerStudyNewParams{StudyInstanceUID: "1.2.840.10008.77", StudyDescription: "Skull", Severity: avara.SeverityNormal})
				require.NoError(t, err)
				w.srv.ResetRequests()
				page, err := w.c.Viewer.Studies.List(w.ctx, avara.ViewerStudyListParams{
					AssignedTo: param.Null[string](), ExpressCustomerID: param.Null[string](),
				})
				require.NoError(t, err)
				require.Len(t, page.Studies, 1)
				assert.Equal(t, other.StudyID, page.Studies[0].StudyID)
				return wire{method: "GET", path: "/v1/viewer/studies", query: url.Values{"assignedTo": {"null"}, "expressCustomerId": {"null"}}}
			}},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			w := newOpWorld(t)
			want := row.call(t, w)
			reqs := w.srv.Requests()
			require.NotEmpty(t, reqs)
			assertWire(t, want, reqs[0])
		})
	}
}
