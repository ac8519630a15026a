// Viewer walks an imaging centre sharing studies with a referring
// physician through the Avara Viewer: it invites the physician, checks
// their pending invitation, creates two studies and assigns one to them,
// lists what they have still to look at, hands them a reroute URL into the
// Viewer, and marks the study viewed.
//
// Without AVARA_API_KEY it starts the embedded fake Avara server and says
// so on its first line. With AVARA_API_KEY set it talks to AVARA_BASE_URL
// (or production), says so on its first line, and undoes what it made
// before it exits, whatever happens in between: it cancels its studies and
// revokes the physician's invitation and access.
//
//	go run ./examples/viewer
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
			"It invites a user and creates two studies, and undoes them before it exits.\n", base)
		client = avara.NewClient()
	}

	var undo []func(context.Context) error
	defer func() {
		// ctx may be what ended: the clean-up gets a context of its own.
		cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if len(undo) > 0 {
			step(w, "6. Clean up what this run made")
		}
		for i := len(undo) - 1; i >= 0; i-- {
			if uerr := undo[i](cctx); uerr != nil {
				err = errors.Join(err, uerr)
			}
		}
	}()

	step(w, "1. Invite the referring physician")
	// A real account refuses a second user with the same email, so each run
	// invites its own address.
	physician, err := client.Viewer.Users.Invite(ctx, avara.ViewerUserInviteParams{
		Email:              "s.reyes+" + newSuffix() + "@example.com",
		FirstName:          "Samuel",
		LastName:           "Reyes",
		ClinicRole:         avara.ClinicRoleFamilyMedicinePhysician,
		Level:              avara.AssignableUserLevelMember,
		CanManageStudies:   false, // they look at studies; the centre manages them
		HasDashboardAccess: true,
	})
	if err != nil {
		return fmt.Errorf("inviting the physician: %w", err)
	}
	undo = append(undo, func(ctx context.Context) error {
		// Revoking the pending invitation stops a sign-up; revoking access
		// stops one already made. An invitation already accepted can no
		// longer be revoked: that 409 is expected.
		if _, err := client.Viewer.Users.Invitations.Revoke(ctx, avara.ViewerUserInvitationRevokeParams{
			UserID: avara.String(physician.UserID),
		}); err != nil && !errors.Is(err, avara.ErrConflict) {
			return fmt.Errorf("revoking the invitation: %w", err)
		}
		if _, err := client.Viewer.Users.RevokeAccess(ctx, avara.ViewerUserRevokeAccessParams{
			UserID: physician.UserID,
		}); err != nil {
			return fmt.Errorf("revoking the physician's access: %w", err)
		}
		fmt.Fprintln(w, "   revoked the physician's invitation and access")
		return nil
	})
	fmt.Fprintf(w, "   Dr. %s %s, %s, level %s, manages studies: %v\n", physician.FirstName, physician.LastName,
		physician.ClinicRole, physician.Level, physician.CanManageStudies)

	step(w, "2. Their invitation, until they accept it")
	for inv, err := range client.Viewer.Users.Invitations.ListAutoPaging(ctx, avara.ViewerUserInvitationListParams{
		UserID: avara.String(physician.UserID),
		Status: []avara.InvitationStatus{avara.InvitationStatusSent},
	}).All() {
		if err != nil {
			return fmt.Errorf("listing invitations: %w", err)
		}
		fmt.Fprintf(w, "   %s %s: %s, expires: %v\n", inv.FirstName, inv.LastName, inv.Status, !inv.Expiry.IsZero())
	}

	step(w, "3. Create two studies, one assigned to the physician")
	head, err := newStudy(ctx, client, avara.ViewerStudyNewParams{
		StudyInstanceUID: newUID(),
		StudyDescription: "CT Head without contrast",
		Severity:         avara.SeverityStat,
		AssignedTo:       avara.String(physician.UserID),
		Metadata:         map[string]string{"accession": "ACC-20261207-0042"},
	}, &undo, w)
	if err != nil {
		return err
	}
	if _, err := newStudy(ctx, client, avara.ViewerStudyNewParams{
		StudyInstanceUID: newUID(),
		StudyDescription: "US Abdomen complete",
		Severity:         avara.SeverityNormal,
	}, &undo, w); err != nil {
		return err
	}

	step(w, "4. What the physician has still to look at")
	toView := avara.ViewerStudyListParams{
		AssignedTo:        avara.String(physician.UserID),
		IsCancelled:       avara.Bool(false),
		StudyViewerStatus: param.NewOpt(avara.StudyViewerStatusIncomplete),
	}
	if err := printStudies(ctx, client, toView, w); err != nil {
		return err
	}

	step(w, "5. Send them into the Viewer, then mark the study viewed")
	// The URL carries a short-lived token: hand it to the browser at once,
	// never store or log it.
	link, err := client.Viewer.Studies.RerouteURL(ctx, avara.ViewerStudyRerouteURLParams{
		StudyInstanceUID: avara.String(head.StudyInstanceUID),
	})
	if err != nil {
		return fmt.Errorf("getting the reroute URL: %w", err)
	}
	fmt.Fprintf(w, "   reroute URL: %v\n", link.URL != "")
	viewed, err := client.Viewer.Studies.Update(ctx, head.StudyID, avara.ViewerStudyUpdateParams{
		StudyViewerStatus: param.NewOpt(avara.StudyViewerStatusComplete),
	})
	if err != nil {
		return fmt.Errorf("marking the study viewed: %w", err)
	}
	fmt.Fprintf(w, "   %s is now %s\n", viewed.StudyDescription, viewed.StudyViewerStatus)
	fmt.Fprintln(w, "   still to look at:")
	return printStudies(ctx, client, toView, w)
}

func printStudies(ctx context.Context, client *avara.Client, p avara.ViewerStudyListParams, w io.Writer) error {
	n := 0
	for s, err := range client.Viewer.Studies.ListAutoPaging(ctx, p).All() {
		if err != nil {
			return fmt.Errorf("listing studies: %w", err)
		}
		n++
		fmt.Fprintf(w, "   - %s (%s), accession %s, for %s %s\n", s.StudyDescription, s.Severity,
			s.Metadata["accession"], s.AssignedTo.FirstName, s.AssignedTo.LastName)
	}
	if n == 0 {
		fmt.Fprintln(w, "   (none)")
	}
	return nil
}

// newStudy creates a study and registers its cancellation as clean-up.
func newStudy(ctx context.Context, client *avara.Client, p avara.ViewerStudyNewParams, undo *[]func(context.Context) error, w io.Writer) (*avara.ViewerStudy, error) {
	s, err := client.Viewer.Studies.New(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("creating %q: %w", p.StudyDescription, err)
	}
	*undo = append(*undo, func(ctx context.Context) error {
		_, err := client.Viewer.Studies.Cancel(ctx, avara.ViewerStudyCancelParams{StudyID: avara.String(s.StudyID)})
		if err != nil {
			return fmt.Errorf("cancelling %q: %w", s.StudyDescription, err)
		}
		fmt.Fprintf(w, "   cancelled %s\n", s.StudyDescription)
		return nil
	})
	assignee := "nobody"
	if s.AssignedTo.UserID != "" {
		assignee = s.AssignedTo.FirstName + " " + s.AssignedTo.LastName
	}
	fmt.Fprintf(w, "   %-26s %-6s assigned to %s, %s\n", s.StudyDescription, s.Severity, assignee, s.StudyViewerStatus)
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

func step(w io.Writer, title string) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, title)
	fmt.Fprintln(w, "   "+strings.Repeat("-", len(title)))
}
