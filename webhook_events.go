// Stub of the generated webhook types; replaced by the generator.

// This file stands in for what the lead's generator writes from openapi.yml
// (components.schemas.WebhookEvent and the top-level webhooks), with the
// names and signatures of the shared contract, so that the hand-written
// webhook code and its tests compile and run before the generator lands.
// It decodes with encoding/json, where the generated code uses the SDK's
// own decoder; nothing outside this file depends on how.

package avara

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"

	"github.com/avara/avara-go/packages/param"
	"github.com/avara/avara-go/packages/respjson"
)

// WebhookEvent is one of the event types below; switch on its concrete type.
type WebhookEvent interface {
	isWebhookEvent()
	RawJSON() string
}

// stubFields records the metadata of each member of the JSON object b in
// fields, by JSON name, and of the members fields does not name in extra.
func stubFields(b []byte, fields map[string]*respjson.Field, extra *map[string]respjson.Field) {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return
	}
	for k, v := range m {
		if f, ok := fields[k]; ok {
			*f = respjson.NewField(string(v))
			continue
		}
		if *extra == nil {
			*extra = map[string]respjson.Field{}
		}
		(*extra)[k] = respjson.NewField(string(v))
	}
}

// StudyAccessRequestedEvent is the study.access_requested event. Webhook event sent when Avara needs presigned URLs for a study's DICOM images; answer synchronously.
type StudyAccessRequestedEvent struct {
	ID   string                        `json:"id"`
	Data StudyAccessRequestedEventData `json:"data"`
	Type string                        `json:"type"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		ID          respjson.Field
		Data        respjson.Field
		Type        respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`
}

// RawJSON returns the JSON StudyAccessRequestedEvent was decoded from.
func (r StudyAccessRequestedEvent) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *StudyAccessRequestedEvent) UnmarshalJSON(b []byte) error {
	type plain StudyAccessRequestedEvent
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"id":   &r.JSON.ID,
		"data": &r.JSON.Data,
		"type": &r.JSON.Type,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r StudyAccessRequestedEvent) MarshalJSON() ([]byte, error) {
	type plain StudyAccessRequestedEvent
	return json.Marshal(plain(r))
}

func (*StudyAccessRequestedEvent) isWebhookEvent() {}

// StudyAccessRequestedEventData is the data of the study.access_requested event.
type StudyAccessRequestedEventData struct {
	StudyID          string `json:"studyId"`
	StudyInstanceUID string `json:"studyInstanceUid"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		StudyID          respjson.Field
		StudyInstanceUID respjson.Field
		ExtraFields      map[string]respjson.Field
		raw              string
	} `json:"-"`
}

// RawJSON returns the JSON StudyAccessRequestedEventData was decoded from.
func (r StudyAccessRequestedEventData) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *StudyAccessRequestedEventData) UnmarshalJSON(b []byte) error {
	type plain StudyAccessRequestedEventData
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"studyId":          &r.JSON.StudyID,
		"studyInstanceUid": &r.JSON.StudyInstanceUID,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r StudyAccessRequestedEventData) MarshalJSON() ([]byte, error) {
	type plain StudyAccessRequestedEventData
	return json.Marshal(plain(r))
}

// EphemeralAccessRequestedEvent is the ephemeral.access_requested event. Webhook event sent when Avara needs presigned URLs for an ephemeral viewer session; answer synchronously.
type EphemeralAccessRequestedEvent struct {
	ID   string                            `json:"id"`
	Data EphemeralAccessRequestedEventData `json:"data"`
	Type string                            `json:"type"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		ID          respjson.Field
		Data        respjson.Field
		Type        respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`
}

// RawJSON returns the JSON EphemeralAccessRequestedEvent was decoded from.
func (r EphemeralAccessRequestedEvent) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *EphemeralAccessRequestedEvent) UnmarshalJSON(b []byte) error {
	type plain EphemeralAccessRequestedEvent
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"id":   &r.JSON.ID,
		"data": &r.JSON.Data,
		"type": &r.JSON.Type,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r EphemeralAccessRequestedEvent) MarshalJSON() ([]byte, error) {
	type plain EphemeralAccessRequestedEvent
	return json.Marshal(plain(r))
}

func (*EphemeralAccessRequestedEvent) isWebhookEvent() {}

// EphemeralAccessRequestedEventData is the data of the ephemeral.access_requested event.
type EphemeralAccessRequestedEventData struct {
	RetrievalID string         `json:"retrievalId"`
	Options     map[string]any `json:"options"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		RetrievalID respjson.Field
		Options     respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`
}

// RawJSON returns the JSON EphemeralAccessRequestedEventData was decoded from.
func (r EphemeralAccessRequestedEventData) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *EphemeralAccessRequestedEventData) UnmarshalJSON(b []byte) error {
	type plain EphemeralAccessRequestedEventData
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"retrievalId": &r.JSON.RetrievalID,
		"options":     &r.JSON.Options,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r EphemeralAccessRequestedEventData) MarshalJSON() ([]byte, error) {
	type plain EphemeralAccessRequestedEventData
	return json.Marshal(plain(r))
}

// ReportDeliveredEvent is the report.delivered event. Webhook event sent when a report is completed; an asynchronous notice.
type ReportDeliveredEvent struct {
	ID   string                   `json:"id"`
	Data ReportDeliveredEventData `json:"data"`
	Type string                   `json:"type"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		ID          respjson.Field
		Data        respjson.Field
		Type        respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`
}

// RawJSON returns the JSON ReportDeliveredEvent was decoded from.
func (r ReportDeliveredEvent) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *ReportDeliveredEvent) UnmarshalJSON(b []byte) error {
	type plain ReportDeliveredEvent
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"id":   &r.JSON.ID,
		"data": &r.JSON.Data,
		"type": &r.JSON.Type,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r ReportDeliveredEvent) MarshalJSON() ([]byte, error) {
	type plain ReportDeliveredEvent
	return json.Marshal(plain(r))
}

func (*ReportDeliveredEvent) isWebhookEvent() {}

// ReportDeliveredEventData is the data of the report.delivered event.
type ReportDeliveredEventData struct {
	IsCritical   bool   `json:"isCritical"`
	PresignedURL string `json:"presignedUrl"`
	ReportID     string `json:"reportId"`
	StudyID      string `json:"studyId"`
	PlainText    string `json:"plainText"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		IsCritical   respjson.Field
		PresignedURL respjson.Field
		ReportID     respjson.Field
		StudyID      respjson.Field
		PlainText    respjson.Field
		ExtraFields  map[string]respjson.Field
		raw          string
	} `json:"-"`
}

// RawJSON returns the JSON ReportDeliveredEventData was decoded from.
func (r ReportDeliveredEventData) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *ReportDeliveredEventData) UnmarshalJSON(b []byte) error {
	type plain ReportDeliveredEventData
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"isCritical":   &r.JSON.IsCritical,
		"presignedUrl": &r.JSON.PresignedURL,
		"reportId":     &r.JSON.ReportID,
		"studyId":      &r.JSON.StudyID,
		"plainText":    &r.JSON.PlainText,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r ReportDeliveredEventData) MarshalJSON() ([]byte, error) {
	type plain ReportDeliveredEventData
	return json.Marshal(plain(r))
}

// SecondaryCaptureAccessRequestedEvent is the secondary_capture.access_requested event. Webhook event sent when Avara needs presigned upload URLs for a secondary capture; answer synchronously.
type SecondaryCaptureAccessRequestedEvent struct {
	ID   string                                   `json:"id"`
	Data SecondaryCaptureAccessRequestedEventData `json:"data"`
	Type string                                   `json:"type"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		ID          respjson.Field
		Data        respjson.Field
		Type        respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`
}

// RawJSON returns the JSON SecondaryCaptureAccessRequestedEvent was decoded from.
func (r SecondaryCaptureAccessRequestedEvent) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *SecondaryCaptureAccessRequestedEvent) UnmarshalJSON(b []byte) error {
	type plain SecondaryCaptureAccessRequestedEvent
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"id":   &r.JSON.ID,
		"data": &r.JSON.Data,
		"type": &r.JSON.Type,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r SecondaryCaptureAccessRequestedEvent) MarshalJSON() ([]byte, error) {
	type plain SecondaryCaptureAccessRequestedEvent
	return json.Marshal(plain(r))
}

func (*SecondaryCaptureAccessRequestedEvent) isWebhookEvent() {}

// SecondaryCaptureAccessRequestedEventData is the data of the secondary_capture.access_requested event.
type SecondaryCaptureAccessRequestedEventData struct {
	StudyID           string `json:"studyId"`
	StudyInstanceUID  string `json:"studyInstanceUid"`
	SeriesInstanceUID string `json:"seriesInstanceUid"`
	SopInstanceUID    string `json:"sopInstanceUid"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		StudyID           respjson.Field
		StudyInstanceUID  respjson.Field
		SeriesInstanceUID respjson.Field
		SopInstanceUID    respjson.Field
		ExtraFields       map[string]respjson.Field
		raw               string
	} `json:"-"`
}

// RawJSON returns the JSON SecondaryCaptureAccessRequestedEventData was decoded from.
func (r SecondaryCaptureAccessRequestedEventData) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *SecondaryCaptureAccessRequestedEventData) UnmarshalJSON(b []byte) error {
	type plain SecondaryCaptureAccessRequestedEventData
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"studyId":           &r.JSON.StudyID,
		"studyInstanceUid":  &r.JSON.StudyInstanceUID,
		"seriesInstanceUid": &r.JSON.SeriesInstanceUID,
		"sopInstanceUid":    &r.JSON.SopInstanceUID,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r SecondaryCaptureAccessRequestedEventData) MarshalJSON() ([]byte, error) {
	type plain SecondaryCaptureAccessRequestedEventData
	return json.Marshal(plain(r))
}

// ModalityWorklistRequestedEvent is the modality_worklist.requested event. Webhook event sent when a modality issues a C-FIND MWL; answer synchronously.
type ModalityWorklistRequestedEvent struct {
	ID   string                             `json:"id"`
	Data ModalityWorklistRequestedEventData `json:"data"`
	Type string                             `json:"type"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		ID          respjson.Field
		Data        respjson.Field
		Type        respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`
}

// RawJSON returns the JSON ModalityWorklistRequestedEvent was decoded from.
func (r ModalityWorklistRequestedEvent) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *ModalityWorklistRequestedEvent) UnmarshalJSON(b []byte) error {
	type plain ModalityWorklistRequestedEvent
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"id":   &r.JSON.ID,
		"data": &r.JSON.Data,
		"type": &r.JSON.Type,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r ModalityWorklistRequestedEvent) MarshalJSON() ([]byte, error) {
	type plain ModalityWorklistRequestedEvent
	return json.Marshal(plain(r))
}

func (*ModalityWorklistRequestedEvent) isWebhookEvent() {}

// ModalityWorklistRequestedEventData is the data of the modality_worklist.requested event.
type ModalityWorklistRequestedEventData struct {
	CallingAe string `json:"callingAe"`
	ClinicID  string `json:"clinicId"`
	DateEnd   string `json:"dateEnd"`
	DateStart string `json:"dateStart"`
	SourceIP  string `json:"sourceIp"`
	Modality  string `json:"modality"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		CallingAe   respjson.Field
		ClinicID    respjson.Field
		DateEnd     respjson.Field
		DateStart   respjson.Field
		SourceIP    respjson.Field
		Modality    respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`
}

// RawJSON returns the JSON ModalityWorklistRequestedEventData was decoded from.
func (r ModalityWorklistRequestedEventData) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *ModalityWorklistRequestedEventData) UnmarshalJSON(b []byte) error {
	type plain ModalityWorklistRequestedEventData
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"callingAe": &r.JSON.CallingAe,
		"clinicId":  &r.JSON.ClinicID,
		"dateEnd":   &r.JSON.DateEnd,
		"dateStart": &r.JSON.DateStart,
		"sourceIp":  &r.JSON.SourceIP,
		"modality":  &r.JSON.Modality,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r ModalityWorklistRequestedEventData) MarshalJSON() ([]byte, error) {
	type plain ModalityWorklistRequestedEventData
	return json.Marshal(plain(r))
}

// PatientStudyEnrichmentRequestedEvent is the patient_study.enrichment_requested event. Soft synchronous webhook event asking for patient and study demographics.
type PatientStudyEnrichmentRequestedEvent struct {
	ID   string                                   `json:"id"`
	Data PatientStudyEnrichmentRequestedEventData `json:"data"`
	Type string                                   `json:"type"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		ID          respjson.Field
		Data        respjson.Field
		Type        respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`
}

// RawJSON returns the JSON PatientStudyEnrichmentRequestedEvent was decoded from.
func (r PatientStudyEnrichmentRequestedEvent) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *PatientStudyEnrichmentRequestedEvent) UnmarshalJSON(b []byte) error {
	type plain PatientStudyEnrichmentRequestedEvent
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"id":   &r.JSON.ID,
		"data": &r.JSON.Data,
		"type": &r.JSON.Type,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r PatientStudyEnrichmentRequestedEvent) MarshalJSON() ([]byte, error) {
	type plain PatientStudyEnrichmentRequestedEvent
	return json.Marshal(plain(r))
}

func (*PatientStudyEnrichmentRequestedEvent) isWebhookEvent() {}

// PatientStudyEnrichmentRequestedEventData is the data of the patient_study.enrichment_requested event.
type PatientStudyEnrichmentRequestedEventData struct {
	ClinicID         string `json:"clinicId"`
	StudyInstanceUID string `json:"studyInstanceUid"`
	AccessionNumber  string `json:"accessionNumber"`
	PatientID        string `json:"patientId"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		ClinicID         respjson.Field
		StudyInstanceUID respjson.Field
		AccessionNumber  respjson.Field
		PatientID        respjson.Field
		ExtraFields      map[string]respjson.Field
		raw              string
	} `json:"-"`
}

// RawJSON returns the JSON PatientStudyEnrichmentRequestedEventData was decoded from.
func (r PatientStudyEnrichmentRequestedEventData) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *PatientStudyEnrichmentRequestedEventData) UnmarshalJSON(b []byte) error {
	type plain PatientStudyEnrichmentRequestedEventData
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"clinicId":         &r.JSON.ClinicID,
		"studyInstanceUid": &r.JSON.StudyInstanceUID,
		"accessionNumber":  &r.JSON.AccessionNumber,
		"patientId":        &r.JSON.PatientID,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r PatientStudyEnrichmentRequestedEventData) MarshalJSON() ([]byte, error) {
	type plain PatientStudyEnrichmentRequestedEventData
	return json.Marshal(plain(r))
}

// ClinicalContextEnrichmentRequestedEvent is the clinical_context.enrichment_requested event. Soft synchronous webhook event asking for clinical context from the partner EHR.
type ClinicalContextEnrichmentRequestedEvent struct {
	ID   string                                      `json:"id"`
	Data ClinicalContextEnrichmentRequestedEventData `json:"data"`
	Type string                                      `json:"type"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		ID          respjson.Field
		Data        respjson.Field
		Type        respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`
}

// RawJSON returns the JSON ClinicalContextEnrichmentRequestedEvent was decoded from.
func (r ClinicalContextEnrichmentRequestedEvent) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *ClinicalContextEnrichmentRequestedEvent) UnmarshalJSON(b []byte) error {
	type plain ClinicalContextEnrichmentRequestedEvent
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"id":   &r.JSON.ID,
		"data": &r.JSON.Data,
		"type": &r.JSON.Type,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r ClinicalContextEnrichmentRequestedEvent) MarshalJSON() ([]byte, error) {
	type plain ClinicalContextEnrichmentRequestedEvent
	return json.Marshal(plain(r))
}

func (*ClinicalContextEnrichmentRequestedEvent) isWebhookEvent() {}

// ClinicalContextEnrichmentRequestedEventData is the data of the clinical_context.enrichment_requested event.
type ClinicalContextEnrichmentRequestedEventData struct {
	ClinicID          string `json:"clinicId"`
	StudyID           string `json:"studyId"`
	StudyInstanceUID  string `json:"studyInstanceUid"`
	ExternalPatientID string `json:"externalPatientId"`
	Mrn               string `json:"mrn"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		ClinicID          respjson.Field
		StudyID           respjson.Field
		StudyInstanceUID  respjson.Field
		ExternalPatientID respjson.Field
		Mrn               respjson.Field
		ExtraFields       map[string]respjson.Field
		raw               string
	} `json:"-"`
}

// RawJSON returns the JSON ClinicalContextEnrichmentRequestedEventData was decoded from.
func (r ClinicalContextEnrichmentRequestedEventData) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *ClinicalContextEnrichmentRequestedEventData) UnmarshalJSON(b []byte) error {
	type plain ClinicalContextEnrichmentRequestedEventData
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{
		"clinicId":          &r.JSON.ClinicID,
		"studyId":           &r.JSON.StudyID,
		"studyInstanceUid":  &r.JSON.StudyInstanceUID,
		"externalPatientId": &r.JSON.ExternalPatientID,
		"mrn":               &r.JSON.Mrn,
	}, &r.JSON.ExtraFields)
	return nil
}

// MarshalJSON encodes r's fields.
func (r ClinicalContextEnrichmentRequestedEventData) MarshalJSON() ([]byte, error) {
	type plain ClinicalContextEnrichmentRequestedEventData
	return json.Marshal(plain(r))
}

// UnknownWebhookEvent is an event whose type is none of the seven this SDK
// knows; it keeps its raw JSON.
type UnknownWebhookEvent struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	// JSON holds the metadata of each field as it was received.
	JSON struct {
		ID          respjson.Field
		Type        respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`
}

func (*UnknownWebhookEvent) isWebhookEvent() {}

// RawJSON returns the JSON the event was decoded from.
func (r UnknownWebhookEvent) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes r and records its fields' metadata.
func (r *UnknownWebhookEvent) UnmarshalJSON(b []byte) error {
	type plain UnknownWebhookEvent
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.JSON.raw = string(b)
	stubFields(b, map[string]*respjson.Field{"id": &r.JSON.ID, "type": &r.JSON.Type}, &r.JSON.ExtraFields)
	return nil
}

// decodeWebhookEvent decodes one payload by its "type". Malformed JSON, or
// not an object, is an error; an unknown type is an *UnknownWebhookEvent,
// never an error.
func decodeWebhookEvent(payload []byte) (WebhookEvent, error) {
	if b := bytes.TrimLeft(payload, " \t\r\n"); len(b) == 0 || b[0] != '{' {
		return nil, errors.New("webhook payload is not a JSON object")
	}
	var head struct {
		Type json.RawMessage `json:"type"`
	}
	if err := json.Unmarshal(payload, &head); err != nil {
		return nil, err
	}
	var typ string
	_ = json.Unmarshal(head.Type, &typ) // a type that is not a string is unknown
	var event WebhookEvent
	switch typ {
	case "study.access_requested":
		event = new(StudyAccessRequestedEvent)
	case "ephemeral.access_requested":
		event = new(EphemeralAccessRequestedEvent)
	case "report.delivered":
		event = new(ReportDeliveredEvent)
	case "secondary_capture.access_requested":
		event = new(SecondaryCaptureAccessRequestedEvent)
	case "modality_worklist.requested":
		event = new(ModalityWorklistRequestedEvent)
	case "patient_study.enrichment_requested":
		event = new(PatientStudyEnrichmentRequestedEvent)
	case "clinical_context.enrichment_requested":
		event = new(ClinicalContextEnrichmentRequestedEvent)
	default:
		event = new(UnknownWebhookEvent)
	}
	if err := json.Unmarshal(payload, event); err != nil {
		return nil, err
	}
	return event, nil
}

// StudyAccessRequestedResponse is what the receiving service answers to the event.
type StudyAccessRequestedResponse struct {
	Authorized bool                           `json:"authorized"`
	URLs       []string                       `json:"urls"`
	Error      param.Opt[string]              `json:"error,omitzero"`
	Manifest   StudyAccessRequestedManifest   `json:"manifest,omitzero"`
	MediaURLs  []StudyAccessRequestedMediaURL `json:"mediaUrls,omitzero"`
}

// MarshalJSON encodes r for the wire.
func (r StudyAccessRequestedResponse) MarshalJSON() ([]byte, error) {
	type plain StudyAccessRequestedResponse
	return json.Marshal(plain(r))
}

// UnmarshalJSON decodes r, for tests that read an answer back.
func (r *StudyAccessRequestedResponse) UnmarshalJSON(b []byte) error {
	type plain StudyAccessRequestedResponse
	return json.Unmarshal(b, (*plain)(r))
}

// StudyAccessRequestedManifest is part of a webhook response.
type StudyAccessRequestedManifest struct {
	Series           []StudyAccessRequestedManifestSeries `json:"series"`
	StudyInstanceUID string                               `json:"studyInstanceUID"`
}

// StudyAccessRequestedManifestSeries is part of a webhook response.
type StudyAccessRequestedManifestSeries struct {
	Modality          string                            `json:"modality"`
	SeriesDescription string                            `json:"seriesDescription"`
	SeriesInstanceUID string                            `json:"seriesInstanceUID"`
	SeriesNumber      any                               `json:"seriesNumber"`
	Sops              []StudyAccessRequestedManifestSop `json:"sops"`
}

// StudyAccessRequestedManifestSop is part of a webhook response.
type StudyAccessRequestedManifestSop struct {
	SopClassUID               string             `json:"sopClassUID"`
	SopInstanceUID            string             `json:"sopInstanceUID"`
	BitsAllocated             param.Opt[float64] `json:"bitsAllocated,omitzero"`
	BitsStored                param.Opt[float64] `json:"bitsStored,omitzero"`
	Columns                   param.Opt[float64] `json:"columns,omitzero"`
	HighBit                   param.Opt[float64] `json:"highBit,omitzero"`
	InstanceNumber            param.Opt[float64] `json:"instanceNumber,omitzero"`
	IsDoubleFloatPixelData    param.Opt[bool]    `json:"isDoubleFloatPixelData,omitzero"`
	IsFloatPixelData          param.Opt[bool]    `json:"isFloatPixelData,omitzero"`
	NumberOfFrames            param.Opt[float64] `json:"numberOfFrames,omitzero"`
	PhotometricInterpretation param.Opt[string]  `json:"photometricInterpretation,omitzero"`
	PixelRepresentation       param.Opt[float64] `json:"pixelRepresentation,omitzero"`
	RescaleIntercept          param.Opt[float64] `json:"rescaleIntercept,omitzero"`
	RescaleSlope              param.Opt[float64] `json:"rescaleSlope,omitzero"`
	Rows                      param.Opt[float64] `json:"rows,omitzero"`
	SamplesPerPixel           param.Opt[float64] `json:"samplesPerPixel,omitzero"`
}

// StudyAccessRequestedMediaURL is part of a webhook response.
type StudyAccessRequestedMediaURL struct {
	MimeType string            `json:"mimeType"`
	URL      string            `json:"url"`
	FileName param.Opt[string] `json:"fileName,omitzero"`
}

// EphemeralAccessRequestedResponse is what the receiving service answers to the event.
type EphemeralAccessRequestedResponse struct {
	Authorized bool                           `json:"authorized"`
	URLs       []string                       `json:"urls"`
	Error      param.Opt[string]              `json:"error,omitzero"`
	Manifests  []StudyAccessRequestedManifest `json:"manifests,omitzero"`
	MediaURLs  []StudyAccessRequestedMediaURL `json:"mediaUrls,omitzero"`
}

// MarshalJSON encodes r for the wire.
func (r EphemeralAccessRequestedResponse) MarshalJSON() ([]byte, error) {
	type plain EphemeralAccessRequestedResponse
	return json.Marshal(plain(r))
}

// UnmarshalJSON decodes r, for tests that read an answer back.
func (r *EphemeralAccessRequestedResponse) UnmarshalJSON(b []byte) error {
	type plain EphemeralAccessRequestedResponse
	return json.Unmarshal(b, (*plain)(r))
}

// ReportDeliveredResponse is what the receiving service answers to the event.
type ReportDeliveredResponse struct {
	Success bool `json:"success"`
}

// MarshalJSON encodes r for the wire.
func (r ReportDeliveredResponse) MarshalJSON() ([]byte, error) {
	type plain ReportDeliveredResponse
	return json.Marshal(plain(r))
}

// UnmarshalJSON decodes r, for tests that read an answer back.
func (r *ReportDeliveredResponse) UnmarshalJSON(b []byte) error {
	type plain ReportDeliveredResponse
	return json.Unmarshal(b, (*plain)(r))
}

// SecondaryCaptureAccessRequestedResponse is what the receiving service answers to the event.
type SecondaryCaptureAccessRequestedResponse struct {
	Authorized         bool              `json:"authorized"`
	UploadURLs         []string          `json:"uploadUrls"`
	ContentCreatorName param.Opt[string] `json:"contentCreatorName,omitzero"`
	Error              param.Opt[string] `json:"error,omitzero"`
}

// MarshalJSON encodes r for the wire.
func (r SecondaryCaptureAccessRequestedResponse) MarshalJSON() ([]byte, error) {
	type plain SecondaryCaptureAccessRequestedResponse
	return json.Marshal(plain(r))
}

// UnmarshalJSON decodes r, for tests that read an answer back.
func (r *SecondaryCaptureAccessRequestedResponse) UnmarshalJSON(b []byte) error {
	type plain SecondaryCaptureAccessRequestedResponse
	return json.Unmarshal(b, (*plain)(r))
}

// ModalityWorklistRequestedResponse is what the receiving service answers to the event.
type ModalityWorklistRequestedResponse struct {
	Authorized bool                   `json:"authorized"`
	Items      []ModalityWorklistItem `json:"items"`
	Error      param.Opt[string]      `json:"error,omitzero"`
}

// MarshalJSON encodes r for the wire.
func (r ModalityWorklistRequestedResponse) MarshalJSON() ([]byte, error) {
	type plain ModalityWorklistRequestedResponse
	return json.Marshal(plain(r))
}

// UnmarshalJSON decodes r, for tests that read an answer back.
func (r *ModalityWorklistRequestedResponse) UnmarshalJSON(b []byte) error {
	type plain ModalityWorklistRequestedResponse
	return json.Unmarshal(b, (*plain)(r))
}

// ModalityWorklistItem is part of a webhook response.
type ModalityWorklistItem struct {
	AccessionNumber                string                          `json:"AccessionNumber"`
	Modality                       string                          `json:"Modality"`
	PatientBirthDate               string                          `json:"PatientBirthDate"`
	PatientID                      string                          `json:"PatientID"`
	PatientName                    string                          `json:"PatientName"`
	PatientSex                     string                          `json:"PatientSex"`
	PatientSize                    string                          `json:"PatientSize"`
	PatientWeight                  string                          `json:"PatientWeight"`
	ProtocolName                   string                          `json:"ProtocolName"`
	RequestedProcedureDescription  string                          `json:"RequestedProcedureDescription"`
	ScheduledProcedureStepSequence []ModalityWorklistScheduledStep `json:"ScheduledProcedureStepSequence"`
	StudyDescription               string                          `json:"StudyDescription"`
	StudyInstanceUID               string                          `json:"StudyInstanceUID"`
}

// ModalityWorklistScheduledStep is part of a webhook response.
type ModalityWorklistScheduledStep struct {
	Modality                          string `json:"Modality"`
	ScheduledProcedureStepDescription string `json:"ScheduledProcedureStepDescription"`
	ScheduledProcedureStepID          string `json:"ScheduledProcedureStepID"`
	ScheduledProcedureStepStartDate   string `json:"ScheduledProcedureStepStartDate"`
	ScheduledProcedureStepStartTime   string `json:"ScheduledProcedureStepStartTime"`
}

// PatientStudyEnrichmentRequestedResponse is what the receiving service answers to the event.
type PatientStudyEnrichmentRequestedResponse struct {
	DateOfBirth            param.Opt[string]                             `json:"dateOfBirth,omitzero"`
	ExpressCustomerID      param.Opt[string]                             `json:"expressCustomerId,omitzero"`
	ExternalPatientID      param.Opt[string]                             `json:"externalPatientId,omitzero"`
	FacilityName           param.Opt[string]                             `json:"facilityName,omitzero"`
	Height                 PatientStudyEnrichmentRequestedResponseHeight `json:"height,omitzero"`
	Mrn                    param.Opt[string]                             `json:"mrn,omitzero"`
	PatientName            param.Opt[string]                             `json:"patientName,omitzero"`
	Procedure              param.Opt[string]                             `json:"procedure,omitzero"`
	ReferringPhysicianName param.Opt[string]                             `json:"referringPhysicianName,omitzero"`
	Severity               param.Opt[string]                             `json:"severity,omitzero"`
	Sex                    param.Opt[string]                             `json:"sex,omitzero"`
	StudyDate              param.Opt[string]                             `json:"studyDate,omitzero"`
	StudyDescription       param.Opt[string]                             `json:"studyDescription,omitzero"`
	StudyTime              param.Opt[string]                             `json:"studyTime,omitzero"`
	Weight                 PatientStudyEnrichmentRequestedResponseWeight `json:"weight,omitzero"`
}

// MarshalJSON encodes r for the wire.
func (r PatientStudyEnrichmentRequestedResponse) MarshalJSON() ([]byte, error) {
	type plain PatientStudyEnrichmentRequestedResponse
	return json.Marshal(plain(r))
}

// UnmarshalJSON decodes r, for tests that read an answer back.
func (r *PatientStudyEnrichmentRequestedResponse) UnmarshalJSON(b []byte) error {
	type plain PatientStudyEnrichmentRequestedResponse
	return json.Unmarshal(b, (*plain)(r))
}

// PatientStudyEnrichmentRequestedResponseHeight is part of a webhook response.
type PatientStudyEnrichmentRequestedResponseHeight struct {
	Unit  string  `json:"unit"`
	Value float64 `json:"value"`
}

// PatientStudyEnrichmentRequestedResponseWeight is part of a webhook response.
type PatientStudyEnrichmentRequestedResponseWeight struct {
	Unit  string  `json:"unit"`
	Value float64 `json:"value"`
}

// ClinicalContextEnrichmentRequestedResponse is what the receiving service answers to the event.
type ClinicalContextEnrichmentRequestedResponse struct {
	ClinicalIndication    param.Opt[string]                      `json:"clinicalIndication,omitzero"`
	Documents             []ClinicalContextEnrichmentDocument    `json:"documents,omitzero"`
	DocumentURLs          []ClinicalContextEnrichmentDocumentURL `json:"documentUrls,omitzero"`
	PriorReports          []ClinicalContextEnrichmentPriorReport `json:"priorReports,omitzero"`
	TechnologistNotes     []string                               `json:"technologistNotes,omitzero"`
	TechnologistTechnique param.Opt[string]                      `json:"technologistTechnique,omitzero"`
}

// MarshalJSON encodes r for the wire.
func (r ClinicalContextEnrichmentRequestedResponse) MarshalJSON() ([]byte, error) {
	type plain ClinicalContextEnrichmentRequestedResponse
	return json.Marshal(plain(r))
}

// UnmarshalJSON decodes r, for tests that read an answer back.
func (r *ClinicalContextEnrichmentRequestedResponse) UnmarshalJSON(b []byte) error {
	type plain ClinicalContextEnrichmentRequestedResponse
	return json.Unmarshal(b, (*plain)(r))
}

// ClinicalContextEnrichmentDocument is part of a webhook response.
type ClinicalContextEnrichmentDocument struct {
	Content  []string `json:"content"`
	FileName string   `json:"fileName"`
}

// ClinicalContextEnrichmentDocumentURL is part of a webhook response.
type ClinicalContextEnrichmentDocumentURL struct {
	URL      string            `json:"url"`
	FileName param.Opt[string] `json:"fileName,omitzero"`
}

// ClinicalContextEnrichmentPriorReport is part of a webhook response.
type ClinicalContextEnrichmentPriorReport struct {
	ReportText       string            `json:"reportText"`
	ExternalStudyID  param.Opt[string] `json:"externalStudyId,omitzero"`
	Modality         param.Opt[string] `json:"modality,omitzero"`
	StudyDate        param.Opt[string] `json:"studyDate,omitzero"`
	StudyDescription param.Opt[string] `json:"studyDescription,omitzero"`
}

// WebhookHandlers holds one optional function per event type.
type WebhookHandlers struct {
	// StudyAccessRequested handles the study.access_requested event.
	StudyAccessRequested func(ctx context.Context, event *StudyAccessRequestedEvent) (*StudyAccessRequestedResponse, error)
	// EphemeralAccessRequested handles the ephemeral.access_requested event.
	EphemeralAccessRequested func(ctx context.Context, event *EphemeralAccessRequestedEvent) (*EphemeralAccessRequestedResponse, error)
	// ReportDelivered handles the report.delivered event.
	ReportDelivered func(ctx context.Context, event *ReportDeliveredEvent) (*ReportDeliveredResponse, error)
	// SecondaryCaptureAccessRequested handles the secondary_capture.access_requested event.
	SecondaryCaptureAccessRequested func(ctx context.Context, event *SecondaryCaptureAccessRequestedEvent) (*SecondaryCaptureAccessRequestedResponse, error)
	// ModalityWorklistRequested handles the modality_worklist.requested event.
	ModalityWorklistRequested func(ctx context.Context, event *ModalityWorklistRequestedEvent) (*ModalityWorklistRequestedResponse, error)
	// PatientStudyEnrichmentRequested handles the patient_study.enrichment_requested event.
	PatientStudyEnrichmentRequested func(ctx context.Context, event *PatientStudyEnrichmentRequestedEvent) (*PatientStudyEnrichmentRequestedResponse, error)
	// ClinicalContextEnrichmentRequested handles the clinical_context.enrichment_requested event.
	ClinicalContextEnrichmentRequested func(ctx context.Context, event *ClinicalContextEnrichmentRequestedEvent) (*ClinicalContextEnrichmentRequestedResponse, error)
}

// dispatch calls the function for event's type. found is false when event
// is unknown or its function is nil. response is nil when the function
// returned a nil response.
func (h *WebhookHandlers) dispatch(ctx context.Context, event WebhookEvent) (response json.Marshaler, found bool, err error) {
	switch e := event.(type) {
	case *StudyAccessRequestedEvent:
		if h.StudyAccessRequested == nil || e == nil {
			return nil, false, nil
		}
		res, err := h.StudyAccessRequested(ctx, e)
		if res == nil {
			return nil, true, err
		}
		return res, true, err
	case *EphemeralAccessRequestedEvent:
		if h.EphemeralAccessRequested == nil || e == nil {
			return nil, false, nil
		}
		res, err := h.EphemeralAccessRequested(ctx, e)
		if res == nil {
			return nil, true, err
		}
		return res, true, err
	case *ReportDeliveredEvent:
		if h.ReportDelivered == nil || e == nil {
			return nil, false, nil
		}
		res, err := h.ReportDelivered(ctx, e)
		if res == nil {
			return nil, true, err
		}
		return res, true, err
	case *SecondaryCaptureAccessRequestedEvent:
		if h.SecondaryCaptureAccessRequested == nil || e == nil {
			return nil, false, nil
		}
		res, err := h.SecondaryCaptureAccessRequested(ctx, e)
		if res == nil {
			return nil, true, err
		}
		return res, true, err
	case *ModalityWorklistRequestedEvent:
		if h.ModalityWorklistRequested == nil || e == nil {
			return nil, false, nil
		}
		res, err := h.ModalityWorklistRequested(ctx, e)
		if res == nil {
			return nil, true, err
		}
		return res, true, err
	case *PatientStudyEnrichmentRequestedEvent:
		if h.PatientStudyEnrichmentRequested == nil || e == nil {
			return nil, false, nil
		}
		res, err := h.PatientStudyEnrichmentRequested(ctx, e)
		if res == nil {
			return nil, true, err
		}
		return res, true, err
	case *ClinicalContextEnrichmentRequestedEvent:
		if h.ClinicalContextEnrichmentRequested == nil || e == nil {
			return nil, false, nil
		}
		res, err := h.ClinicalContextEnrichmentRequested(ctx, e)
		if res == nil {
			return nil, true, err
		}
		return res, true, err
	}
	return nil, false, nil
}
