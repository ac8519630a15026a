package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestAddingAFieldIsASpecEdit proves that openapi.yml is the one place a
// field is written: in a scratch copy of the repository it adds an optional
// string field to the customer schema and to the create params, and an
// optional query parameter to List, runs go generate ./..., and then runs a
// test of the copy that uses the new Go fields (with their metadata) on the
// wire, decodes them, and has the fake refuse wrong-typed values for them.
// Only openapi.yml and generated files may differ from the original.
func TestAddingAFieldIsASpecEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a copy of the repository")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	scratch := t.TempDir()
	before := copyTree(t, root, scratch)

	spec := filepath.Join(scratch, "openapi.yml")
	addFields(t, spec)
	goCmd(t, scratch, "go", "generate", "./...")

	// Nothing but the spec and generated files changed.
	for path, old := range before {
		now, err := os.ReadFile(filepath.Join(scratch, path))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(old, now) || path == "openapi.yml" {
			continue
		}
		if !bytes.Contains(now, []byte(header)) {
			t.Errorf("%s changed, and it is not generated", path)
		} else {
			t.Logf("regenerated %s", path)
		}
	}

	check := filepath.Join(scratch, "internal", "addfieldcheck")
	if err := os.MkdirAll(check, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(check, "addfield_test.go"), []byte(addFieldCheck), 0o644); err != nil {
		t.Fatal(err)
	}
	goCmd(t, scratch, "go", "vet", "./...")
	out := goCmd(t, scratch, "go", "test", "-count=1", "-v", "./internal/addfieldcheck")
	t.Logf("the copy's test:\n%s", out)
}

// addFields makes the spec edit: region on the customer and on the create
// params, minUserCount on List.
func addFields(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	region := func(extra string) *yaml.Node {
		return parseNode(t, "type: string\ndescription: The region the customer is served from.\n"+extra)
	}
	appendMember(t, find(t, &doc, "components", "schemas", "ExpressCustomer", "properties"), "region", region(""))
	appendMember(t, find(t, &doc, "components", "schemas", "ExpressCreateParams", "properties"), "region", region("maxLength: 20\n"))
	params := find(t, &doc, "paths", "/v1/express", "get", "parameters")
	params.Content = append(params.Content, parseNode(t, `name: minUserCount
in: query
required: false
description: The smallest userCount of the customers to list.
schema:
  type: integer
  minimum: 0
`))
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// addFieldCheck is the copy's test of the new fields.
const addFieldCheck = `package addfieldcheck

import (
	"context"
	"net/http"
	"strings"
	"testing"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTheNewFields(t *testing.T) {
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	t.Cleanup(srv.Close)
	client := srv.Client()
	ctx := context.Background()

	t.Run("region goes on the wire, is stored by the fake and decodes with its metadata", func(t *testing.T) {
		c, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A", Region: avara.String("northeast")})
		require.NoError(t, err)
		reqs := srv.Requests()
		assert.Contains(t, string(reqs[len(reqs)-1].Body), ` + "`" + `"region":"northeast"` + "`" + `)
		assert.Equal(t, "northeast", c.Region)
		assert.True(t, c.JSON.Region.Valid())
		got, err := client.Express.Get(ctx, c.ExpressCustomerID)
		require.NoError(t, err)
		assert.Equal(t, "northeast", got.Region)
	})
	t.Run("region decodes from any body, and is missing when not sent", func(t *testing.T) {
		var c avara.ExpressCustomer
		require.NoError(t, c.UnmarshalJSON([]byte(` + "`" + `{"region":"west"}` + "`" + `)))
		assert.Equal(t, "west", c.Region)
		require.NoError(t, c.UnmarshalJSON([]byte(` + "`" + `{}` + "`" + `)))
		assert.False(t, c.JSON.Region.IsPresent())
	})
	t.Run("minUserCount goes in the query, and the fake accepts it", func(t *testing.T) {
		_, err := client.Express.List(ctx, avara.ExpressListParams{MinUserCount: avara.Int(2)})
		require.NoError(t, err)
		reqs := srv.Requests()
		assert.Equal(t, []string{"2"}, reqs[len(reqs)-1].Query["minUserCount"])
	})
	t.Run("the fake refuses wrong-typed values, naming the field", func(t *testing.T) {
		_, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A"}, option.WithJSONSet("region", 5))
		assertBadRequest(t, err, "region", "region: must be a string, got an integer")
		_, err = client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A", Region: avara.String(strings.Repeat("x", 21))})
		assertBadRequest(t, err, "region", "region: must be at most 20 characters")
		_, err = client.Express.List(ctx, avara.ExpressListParams{}, option.WithQuery("minUserCount", "many"))
		assertBadRequest(t, err, "minUserCount", "minUserCount: must be an integer")
	})
}

func assertBadRequest(t *testing.T, err error, param, message string) {
	t.Helper()
	var apiErr *avara.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.Equal(t, param, apiErr.Param)
	assert.Contains(t, apiErr.Message, message)
}
`

func parseNode(t *testing.T, src string) *yaml.Node {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	return n.Content[0]
}

// find follows mapping keys from a document node.
func find(t *testing.T, n *yaml.Node, keys ...string) *yaml.Node {
	t.Helper()
	if n.Kind == yaml.DocumentNode {
		n = n.Content[0]
	}
	for _, k := range keys {
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			t.Fatalf("openapi.yml has no %s", strings.Join(keys, "."))
		}
		n = next
	}
	return n
}

func appendMember(t *testing.T, m *yaml.Node, key string, v *yaml.Node) {
	t.Helper()
	if m.Kind != yaml.MappingNode {
		t.Fatalf("want a mapping to add %s to", key)
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
}

// copyTree copies the repository's files (not .git, not node_modules) and
// returns their contents by relative path.
func copyTree(t *testing.T, from, to string) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[rel] = data
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func goCmd(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s in the copy: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
