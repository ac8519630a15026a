package avara_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDependencies holds the SDK module to the contract's three direct
// dependencies: telemetry, benchmark references and spec tools live in
// modules of their own (avaraotel/, benchref/, contracttest/, codegen/),
// so that nothing of theirs reaches a program that imports the SDK.
func TestDependencies(t *testing.T) {
	goBin, err := exec.LookPath("go")
	require.NoError(t, err)
	out, err := exec.Command(goBin, "list", "-m", "-f", "{{if not .Main}}{{.Path}} {{.Indirect}}{{end}}", "all").CombinedOutput()
	require.NoError(t, err, "%s", out)
	var direct []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, indirect, _ := strings.Cut(line, " ")
		assert.False(t, strings.HasPrefix(path, "go.opentelemetry.io/"), "the SDK module's graph has %s", path)
		if indirect == "false" {
			direct = append(direct, path)
		}
	}
	slices.Sort(direct)
	assert.Equal(t, []string{"github.com/google/go-querystring", "github.com/stretchr/testify", "github.com/tidwall/gjson"}, direct)
}
