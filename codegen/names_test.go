package main

import (
	"testing"
)

func TestGoNames(t *testing.T) {
	tests := []struct{ json, goName, arg string }{
		{"expressCustomerId", "ExpressCustomerID", "expressCustomerID"},
		{"createdByApiKeyId", "CreatedByAPIKeyID", "createdByAPIKeyID"},
		{"userId", "UserID", "userID"},
		{"region", "Region", "region"},
		{"name", "Name", "name"},
		{"isActive", "IsActive", "isActive"},
		{"hasMore", "HasMore", "hasMore"},
		{"expressCustomers", "ExpressCustomers", "expressCustomers"},
		{"callbackUrl", "CallbackURL", "callbackURL"},
		{"HTTPStatus", "HTTPStatus", "httpStatus"},
		{"idempotency_key", "IdempotencyKey", "idempotencyKey"},
		{"user2FactorId", "User2FactorID", "user2FactorID"},
		{"mediaUrls", "MediaURLs", "mediaURLs"},
		{"reportIds", "ReportIDs", "reportIDs"},
		{"sops", "SOPs", "sops"},
	}
	for _, tt := range tests {
		if got := goName(tt.json); got != tt.goName {
			t.Errorf("goName(%q) = %q, want %q", tt.json, got, tt.goName)
		}
		if got := argName(tt.json); got != tt.arg {
			t.Errorf("argName(%q) = %q, want %q", tt.json, got, tt.arg)
		}
	}
}

func TestFieldDoc(t *testing.T) {
	tests := []struct{ name, description, goDoc, want string }{
		{"UserCount", "The number of users.", "", "UserCount is the number of users."},
		{"IsActive", "Whether it is active.", "It is false after Deactivate", "IsActive reports whether it is active. It is false after Deactivate."},
		{"CreatedByAPIKeyID", "The UUID of the key; null if none", "", "CreatedByAPIKeyID is the UUID of the key; null if none."},
		{"Name", "Only customers with this name.", "", "Name: Only customers with this name."},
		{"Cursor", "Base64 encoded cursor from previous response", "", "Cursor: Base64 encoded cursor from previous response."},
		{"Region", "", "", "Region has no description in the API reference."},
	}
	for _, tt := range tests {
		t.Run(tt.description, func(t *testing.T) {
			if got := fieldDoc(tt.name, tt.description, tt.goDoc); got != tt.want {
				t.Errorf("fieldDoc(%q) = %q, want %q", tt.description, got, tt.want)
			}
		})
	}
}
