// AutoScribe walks a radiology practice's day in AutoScribe: it registers
// the facility as a clinical reference, invites a radiologist, creates two
// studies with the patient and scan details their reports need, finds the
// radiologist's worklist with list filters, hands the radiologist a reroute
// URL into AutoScribe and a referring physician a viewer-only one, and
// cancels and restores a study ordered by mistake.
//
// Without AVARA_API_KEY it starts the embedded fake Avara server and says
// so on its first line. With AVARA_API_KEY set it talks to AVARA_BASE_URL
// (or production), says so on its first line, and undoes what it made
// before it exits, whatever happens in between: it cancels its studies,
// revokes the radiologist's invitation and access, and deletes the
// clinical reference.
//
//	go run ./examples/autoscribe
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"os"
	"strings"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/packages/param"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	err := run(ctx, os.Stdout)
	cancel()
	if err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) (err error) {
	var client *avara.Client
	if os.Getenv("AVARA_API_KEY") == "" {
		srv := avaratest.NewServer()
		defer srv.Close()
		fmt.Fprintf(w, "AVARA_API_KEY is not set: using the embedded fake Avara server at %s\n", srv.URL)
		client = srv.Client()
	} else {
		base := os.Getenv("AVARA_BASE_URL")
		if base == "" {
			base = "its production host (the SDK's default)"
		}
		fmt.Fprintf(w, "AVARA_API_KEY is set: this walk-through runs against the REAL Avara API at %s. "+
			"It creates a clinical reference, a user and two studies, and undoes them before it exits.\n", base)
		client = avara.NewClient()
	}

	// Every run makes its own identifiers, so that a second run against a
	// real account does not collide with the first (names, external ids,
	// emails and DICOM UIDs are unique there).
	run := newSuffix()
	var undo []func(context.Context) error
	defer func() {
		// ctx may be what ended: the clean-up gets a context of its own.
		cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if len(undo) > 0 {
			step(w, "7. Clean up what this run made")
		}
		for i := len(undo) - 1; i >= 0; i-- {
			if uerr := undo[i](cctx); uerr != nil {
				err = errors.Join(err, uerr)
			}
		}
	}()

	step(w, "1. Register the facility as a clinical reference")
	facilityRef := "fac-harbor-" + run
	facility, err := client.AutoScribe.ClinicalReferences.New(ctx, avara.AutoScribeClinicalReferenceNewParams{
		Name:                "Harbor Imaging " + run,
		Type:                avara.ClinicalReferenceTypeFacility,
		ExternalReferenceID: avara.String(facilityRef),
	})
	if err != nil {
		return fmt.Errorf("creating the clinical reference: %w", err)
	}
	undo = append(undo, func(ctx context.Context) error {
		if _, err := client.AutoScribe.ClinicalReferences.Delete(ctx, facility.ClinicalReferenceID); err != nil {
			return fmt.Errorf("deleting the clinical reference: %w", err)
		}
		fmt.Fprintln(w, "   deleted the clinical reference")
		return nil
	})
	fmt.Fprintf(w, "   %s  type=%s  active=%v\n", strip(facility.Name, run), facility.Type, facility.IsActive)
	// An integrator usually knows the reference by its own id, not Avara's.
	byRef, err := client.AutoScribe.ClinicalReferences.GetByExternalReferenceID(ctx, facilityRef)
	if err != nil {
		return fmt.Errorf("finding the reference by its external id: %w", err)
	}
	fmt.Fprintf(w, "   found again by its external reference id: %v\n", byRef.ClinicalReferenceID == facility.ClinicalReferenceID)

	step(w, "2. Invite a radiologist who can sign reports")
	radiologist, err := client.AutoScribe.Users.Invite(ctx, avara.AutoScribeUserInviteParams{
		Email:              "a.okafor+" + run + "@example.com",
		FirstName:          "Adaeze",
		LastName:           "Okafor",
		ClinicRole:         avara.ClinicRoleRadiologist,
		Level:              avara.AssignableUserLevelMember,
		CanCreateReports:   true,
		NPINumber:          avara.String("1234567893"), // the API requires an NPI of whoever signs reports
		CanManageStudies:   false,
		HasDashboardAccess: true,
	})
	if err != nil {
		return fmt.Errorf("inviting the radiologist: %w", err)
	}
	undo = append(undo, func(ctx context.Context) error {
		// Revoking the pending invitation stops a sign-up; revoking access
		// stops one already made.
		if _, err := client.AutoScribe.Users.Invitations.Revoke(ctx, avara.AutoScribeUserInvitationRevokeParams{
			UserID: avara.String(radiologist.UserID),
		}); err != nil && !errors.Is(err, avara.ErrConflict) {
			return fmt.Errorf("revoking the invitation: %w", err)
		}
		if _, err := client.AutoScribe.Users.RevokeAccess(ctx, avara.AutoScribeUserRevokeAccessParams{
			UserID: radiologist.UserID,
		}); err != nil {
			return fmt.Errorf("revoking the radiologist's access: %w", err)
		}
		fmt.Fprintln(w, "   revoked the radiologist's invitation and access")
		return nil
	})
	fmt.Fprintf(w, "   Dr. %s %s, %s, can create reports: %v\n",
		radiologist.FirstName, radiologist.LastName, radiologist.ClinicRole, radiologist.CanCreateReports)

	step(w, "3. Create two studies with their report metadata")
	// The report header is filled from reportMetadata, so the facility's
	// name is the clinical reference's, spelled the same everywhere.
	brain, err := newStudy(ctx, client, avara.AutoScribeStudyNewParams{
		StudyInstanceUID:   newUID(),
		StudyDescription:   "MRI Brain with and without contrast",
		Severity:           avara.SeverityStat,
		Modality:           avara.String("MR"),
		ClinicalIndication: avara.String("Sudden onset headache, rule out hemorrhage"),
		AssignedTo:         avara.String(radiologist.UserID),
		ReportMetadata: avara.StudyReportMetadataParam{
			PatientName:            avara.String("Jane Doe"),
			MRN:                    avara.String("MRN-004211"),
			DateOfBirth:            avara.String("1968-03-14"),
			Sex:                    param.NewOpt(avara.SexFemale),
			Height:                 avara.HeightParam{Value: 165, Unit: avara.HeightUnitCm},
			Weight:                 avara.WeightParam{Value: 61, Unit: avara.WeightUnitKg},
			FacilityName:           avara.String(facility.Name),
			ReferringPhysicianName: avara.String("Dr. Samuel Reyes"),
			Procedure:              avara.String("MRI Brain with and without contrast"),
			StudyDate:              avara.String("2026-12-07"),
			StudyTime:              avara.String("08:30"),
		},
	}, &undo, w)
	if err != nil {
		return err
	}
	knee, err := newStudy(ctx, client, avara.AutoScribeStudyNewParams{
		StudyInstanceUID: newUID(),
		StudyDescription: "XR Knee 3 views left",
		Severity:         avara.SeverityNormal,
		Modality:         avara.String("CR"),
		ReportMetadata: avara.StudyReportMetadataParam{
			PatientName:  avara.String("John Roe"),
			Sex:          param.NewOpt(avara.SexMale),
			FacilityName: avara.String(facility.Name),
			Procedure:    avara.String("XR Knee 3 views left"),
		},
	}, &undo, w)
	if err != nil {
		return err
	}

	step(w, "4. The radiologist's worklist: stat studies assigned to them, not cancelled")
	worklist := client.AutoScribe.Studies.ListAutoPaging(ctx, avara.AutoScribeStudyListParams{
		AssignedTo:        avara.String(radiologist.UserID),
		Severity:          param.NewOpt(avara.SeverityStat),
		IsCancelled:       avara.Bool(false),
		StudyReportStatus: []avara.StudyReportStatus{avara.StudyReportStatusAssigned, avara.StudyReportStatusInProgress},
	})
	for s, err := range worklist.All() {
		if err != nil {
			return fmt.Errorf("listing the worklist: %w", err)
		}
		fmt.Fprintf(w, "   %-38s %s for %s %s (%s)\n", s.StudyDescription, s.Severity,
			s.ReportMetadata.PatientName, s.ReportMetadata.Sex, s.StudyReportStatus)
	}

	step(w, "5. Open the brain MRI: AutoScribe for the radiologist, the viewer only for the referrer")
	// Both URLs carry a short-lived token: hand them to a browser at once,
	// never store or log them.
	dictate, err := client.AutoScribe.Studies.RerouteURL(ctx, avara.AutoScribeStudyRerouteURLParams{
		StudyID:          avara.String(brain.StudyID),
		AssignedToUserID: radiologist.UserID,
	})
	if err != nil {
		return fmt.Errorf("getting the reroute URL: %w", err)
	}
	fmt.Fprintf(w, "   AutoScribe reroute URL: %v\n", dictate.URL != "")
	view, err := client.AutoScribe.Studies.ViewerOnlyRerouteURL(ctx, avara.AutoScribeStudyViewerOnlyRerouteURLParams{
		StudyInstanceUID: avara.String(brain.StudyInstanceUID),
	})
	if err != nil {
		return fmt.Errorf("getting the viewer-only URL: %w", err)
	}
	fmt.Fprintf(w, "   viewer-only URL:        %v\n", view.URL != "")

	step(w, "6. The knee X-ray was ordered by mistake: cancel it, then restore it")
	if _, err := client.AutoScribe.Studies.Cancel(ctx, avara.AutoScribeStudyCancelParams{
		StudyInstanceUID: avara.String(knee.StudyInstanceUID),
	}); err != nil {
		return fmt.Errorf("cancelling: %w", err)
	}
	got, err := client.AutoScribe.Studies.GetByUID(ctx, knee.StudyInstanceUID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   cancelled: %v (cancelledAt set: %v)\n", got.IsCancelled, !got.CancelledAt.IsZero())
	if _, err := client.AutoScribe.Studies.Uncancel(ctx, avara.AutoScribeStudyUncancelParams{
		StudyID: avara.String(knee.StudyID),
	}); err != nil {
		return fmt.Errorf("uncancelling: %w", err)
	}
	got, err = client.AutoScribe.Studies.Get(ctx, knee.StudyID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   cancelled: %v\n", got.IsCancelled)
	// Uncancel is only for a cancelled study: a second one is a conflict,
	// not a no-op, which no retry would change.
	_, err = client.AutoScribe.Studies.Uncancel(ctx, avara.AutoScribeStudyUncancelParams{StudyID: avara.String(knee.StudyID)})
	switch {
	case errors.Is(err, avara.ErrConflict):
		fmt.Fprintln(w, "   uncancelling it again: 409 conflict, as documented")
	case err == nil:
		return errors.New("a study that was not cancelled was uncancelled")
	default:
		return fmt.Errorf("uncancelling again: %w", err)
	}
	return nil
}

// newStudy creates a study and registers its cancellation as clean-up.
func newStudy(ctx context.Context, client *avara.Client, p avara.AutoScribeStudyNewParams, undo *[]func(context.Context) error, w io.Writer) (*avara.AutoScribeStudy, error) {
	s, err := client.AutoScribe.Studies.New(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("creating %q: %w", p.StudyDescription, err)
	}
	*undo = append(*undo, func(ctx context.Context) error {
		_, err := client.AutoScribe.Studies.Cancel(ctx, avara.AutoScribeStudyCancelParams{StudyID: avara.String(s.StudyID)})
		if err != nil {
			return fmt.Errorf("cancelling %q: %w", s.StudyDescription, err)
		}
		fmt.Fprintf(w, "   cancelled %s\n", s.StudyDescription)
		return nil
	})
	fmt.Fprintf(w, "   %-38s %-6s %s, report %s\n", s.StudyDescription, s.Severity, s.ReportMetadata.PatientName, s.StudyReportStatus)
	return s, nil
}

// newSuffix returns 8 random hex characters.
func newSuffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// newUID returns a DICOM UID under the 2.25 root, made of a random 128-bit
// number as DICOM PS3.5 B.2 allows, so that no two runs share one.
func newUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "2.25." + new(big.Int).SetBytes(b).String()
}

// strip removes the run's suffix from a name, so the transcript reads the
// same on every run.
func strip(name, run string) string { return strings.TrimSuffix(name, " "+run) }

func step(w io.Writer, title string) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, title)
	fmt.Fprintln(w, "   "+strings.Repeat("-", len(title)))
}
