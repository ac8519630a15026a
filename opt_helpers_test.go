package avara_test

import (
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/stretchr/testify/assert"
)

// TestOptHelpers checks that each helper makes a set param.Opt of its value.
func TestOptHelpers(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		opt  interface {
			Valid() bool
			String() string
		}
		want string
	}{
		{"String sets a string", avara.String("a"), "a"},
		{"Int sets an integer", avara.Int(42), "42"},
		{"Float sets a number", avara.Float(72.5), "72.5"},
		{"Bool sets a boolean", avara.Bool(true), "true"},
		{"Time sets a timestamp", avara.Time(at), at.String()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.True(t, tt.opt.Valid())
			assert.Equal(t, tt.want, tt.opt.String())
		})
	}
}
