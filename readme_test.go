package avara_test

// The README drift gate: every ```go block of README.md must compile
// against the SDK as it is, so no example can name an option, method or
// field that does not exist.
//
// A block that starts with a package clause is a whole file and is built as
// it is; one that declares Test functions and no main, in the package of the
// whole-file block before it, is built as that block's test file, so a
// program and its test can be shown in turn. Any other block is a fragment: it becomes the body of a function
// with the variables an example assumes, ctx (context.Context) and client
// (*avara.Client), and with the usual imports, less those it does not use.
// The variables a fragment declares at its top level are marked used
// (`_ = c`), because a fragment stops where the point it makes ends; every
// other compile error counts. Each block is its own package in a temporary
// module that requires the SDK through a replace directive, built with
// `go build` and `go vet` (GOFLAGS=-mod=mod). A `//line README.md:N`
// directive makes every message point at README.md itself.
//
// A block may opt out with the HTML comment <!-- not-go-checked --> as the
// last non-blank line before its opening fence.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// readmeOptOut, as the last non-blank line before a ```go fence, exempts
// that block from the gate.
const readmeOptOut = "<!-- not-go-checked -->"

// fragmentImports are the imports a fragment may use without writing them;
// those it does not use are left out.
var fragmentImports = []struct{ name, path string }{
	{"context", "context"},
	{"errors", "errors"},
	{"fmt", "fmt"},
	{"io", "io"},
	{"json", "encoding/json"},
	{"log", "log"},
	{"slog", "log/slog"},
	{"http", "net/http"},
	{"url", "net/url"},
	{"os", "os"},
	{"strings", "strings"},
	{"time", "time"},
	{"avara", "github.com/avara/avara-go"},
	{"option", "github.com/avara/avara-go/option"},
	{"param", "github.com/avara/avara-go/packages/param"},
	{"pagination", "github.com/avara/avara-go/packages/pagination"},
	{"avaratest", "github.com/avara/avara-go/avaratest"},
	{"avaraotel", "github.com/avara/avara-go/avaraotel"},
	{"otel", "go.opentelemetry.io/otel"},
}

type readmeBlock struct {
	fence  int // line of the opening fence
	first  int // line of the first line of code
	last   int // line of the closing fence
	code   string
	optOut bool
}

var fenceOpen = regexp.MustCompile("^( {0,3})(`{3,}|~{3,})[ \t]*([^ \t`]*)")

// readmeGoBlocks returns the ```go (or ```golang) blocks of a Markdown file.
func readmeGoBlocks(path string) ([]readmeBlock, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var (
		blocks   []readmeBlock
		cur      *readmeBlock
		fence    string
		code     strings.Builder
		lastText string // the last non-blank line outside a block
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	inOther := false // inside a fenced block of another language
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		trimmed := strings.TrimSpace(line)
		if cur != nil || inOther {
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" && len(line)-len(strings.TrimLeft(line, " ")) <= 3 {
				if cur != nil {
					cur.last, cur.code = n, code.String()
					blocks = append(blocks, *cur)
					cur = nil
				}
				inOther = false
				lastText = ""
				continue
			}
			if cur != nil {
				// Kept as written, indentation included, so that columns
				// in messages are README.md's columns.
				code.WriteString(line)
				code.WriteByte('\n')
			}
			continue
		}
		if m := fenceOpen.FindStringSubmatch(line); m != nil {
			fence = m[2]
			if lang := strings.ToLower(m[3]); lang == "go" || lang == "golang" {
				cur = &readmeBlock{fence: n, first: n + 1, optOut: lastText == readmeOptOut}
				code.Reset()
			} else {
				inOther = true
			}
			continue
		}
		if trimmed != "" {
			lastText = trimmed
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if cur != nil {
		return nil, fmt.Errorf("%s:%d: the ```go block is never closed", path, cur.fence)
	}
	return blocks, nil
}

// isWholeFile reports whether a block starts with a package clause.
func isWholeFile(code string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", code, parser.PackageClauseOnly)
	return err == nil && f.Name != nil
}

// fragmentSource wraps a fragment in a function of package readme. With
// uses, the names are marked used after the fragment; imports lists the
// imports to write (nil: all of fragmentImports).
func fragmentSource(mdName string, b readmeBlock, imports []int, uses []string, asDecls bool) string {
	var sb strings.Builder
	sb.WriteString("// Code generated from README.md by readme_test.go. DO NOT EDIT.\n\npackage readme\n\nimport (\n")
	if imports == nil {
		for i := range fragmentImports {
			imports = append(imports, i)
		}
	}
	for _, i := range imports {
		fmt.Fprintf(&sb, "\t%s %q\n", fragmentImports[i].name, fragmentImports[i].path)
	}
	sb.WriteString(")\n\n")
	if asDecls {
		// A fragment of declarations (a func or a type): at file level.
		fmt.Fprintf(&sb, "//line %s:%d:1\n%s", mdName, b.first, b.code)
		return sb.String()
	}
	sb.WriteString("func _(ctx context.Context, client *avara.Client) {\n\t{\n")
	fmt.Fprintf(&sb, "//line %s:%d:1\n%s", mdName, b.first, b.code)
	for _, u := range uses {
		fmt.Fprintf(&sb, "\t\t_ = %s\n", u)
	}
	sb.WriteString("\t}\n}\n")
	return sb.String()
}

// prepareFragment returns the source of a fragment with only the imports
// it uses, and its top-level variables marked used, or the parse error.
func prepareFragment(mdName string, b readmeBlock) (string, error) {
	asDecls := false
	src := fragmentSource(mdName, b, nil, nil, false)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "readme.go", src, parser.SkipObjectResolution)
	if err != nil {
		// Perhaps declarations (func f() {...}) rather than statements.
		declSrc := fragmentSource(mdName, b, nil, nil, true)
		df, derr := parser.ParseFile(token.NewFileSet(), "readme.go", declSrc, parser.SkipObjectResolution)
		if derr != nil {
			return "", err // the statement form's error is the likelier story
		}
		f, asDecls = df, true
	}

	// The package names used as selectors (fmt.Println, time.Second, ...).
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	imports := []int{}
	for i, imp := range fragmentImports {
		if used[imp.name] {
			imports = append(imports, i)
		}
	}

	// The variables the fragment declares at its top level.
	var uses []string
	if !asDecls {
		add := func(name string) {
			if name != "_" && !slices.Contains(uses, name) {
				uses = append(uses, name)
			}
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil || len(fn.Body.List) == 0 {
				continue
			}
			block, ok := fn.Body.List[0].(*ast.BlockStmt)
			if !ok {
				continue
			}
			for _, st := range block.List {
				switch st := st.(type) {
				case *ast.AssignStmt:
					if st.Tok == token.DEFINE {
						for _, e := range st.Lhs {
							if id, ok := e.(*ast.Ident); ok {
								add(id.Name)
							}
						}
					}
				case *ast.DeclStmt:
					if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
						for _, spec := range gd.Specs {
							for _, id := range spec.(*ast.ValueSpec).Names {
								add(id.Name)
							}
						}
					}
				}
			}
		}
	}
	return fragmentSource(mdName, b, imports, uses, asDecls), nil
}

// isTestFile reports whether a whole-file block declares a Test function and
// no main: the test of the whole-file block of the same package before it,
// which it joins as a _test.go file (a handler, then its test).
func isTestFile(code string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", code, parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	hasTest := false
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil {
			if fn.Name.Name == "main" {
				return false
			}
			hasTest = hasTest || strings.HasPrefix(fn.Name.Name, "Test")
		}
	}
	return hasTest
}

// wholeFileSource is a whole-file block with its line directive.
func wholeFileSource(mdName string, b readmeBlock) string {
	return fmt.Sprintf("//line %s:%d:1\n%s", mdName, b.first, b.code)
}

func TestREADMEGoBlocksCompile(t *testing.T) {
	t.Parallel() // the time is spent in child go commands
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	blocks, failures, sources := buildMarkdownGoBlocks(t, root, filepath.Join(root, "README.md"))
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```go block: the drift gate would check nothing")
	}
	checked := 0
	for i, b := range blocks {
		if b.optOut {
			t.Logf("README.md:%d: ```go block skipped (%s)", b.fence, readmeOptOut)
			continue
		}
		checked++
		msgs := failures[i]
		if len(msgs) == 0 {
			continue
		}
		t.Errorf("README.md:%d: the ```go block at line %d (code on lines %d-%d) does not compile:\n\t%s",
			b.fence, b.fence, b.first, b.last-1, strings.Join(msgs, "\n\t"))
		if src := sources[i]; src != "" {
			t.Logf("what was compiled for the block at README.md:%d:\n%s", b.fence, src)
		}
	}
	t.Logf("checked %d of README.md's %d ```go blocks", checked, len(blocks))
}

// buildMarkdownGoBlocks builds the ```go blocks of the Markdown file md
// against the SDK at root, and returns them with the compiler's messages
// for each (by block index) and the source compiled for each. Messages
// name the file by its base name, such as "README.md:42:7: ...".
func buildMarkdownGoBlocks(t *testing.T, root, md string) (blocks []readmeBlock, failures map[int][]string, sources map[int]string) {
	t.Helper()
	mdName := filepath.Base(md)
	blocks, err := readmeGoBlocks(md)
	if err != nil {
		t.Fatal(err)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build %s's examples: %v", mdName, err)
	}
	// The SDK and its OpenTelemetry module, whose go.sum files together
	// hold every module a block may build with.
	var sum []byte
	for _, f := range []string{"go.sum", "avaraotel/go.sum"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		sum = append(sum, b...)
	}

	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module readmecheck\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/avara/avara-go v0.0.0\n\tgithub.com/avara/avara-go/avaraotel v0.0.0\n)\n\n"+
		"replace (\n\tgithub.com/avara/avara-go => "+strconv.Quote(root)+"\n\tgithub.com/avara/avara-go/avaraotel => "+strconv.Quote(filepath.Join(root, "avaraotel"))+"\n)\n")
	write("go.sum", string(sum))

	failures = map[int][]string{}
	sources = map[int]string{}
	var prevPkg, prevName string // the last whole-file block's directory and package
	for i, b := range blocks {
		if b.optOut {
			continue
		}
		pkg := fmt.Sprintf("block%02d_line%d", i, b.fence)
		if isWholeFile(b.code) {
			sources[i] = wholeFileSource(mdName, b)
			f, _ := parser.ParseFile(token.NewFileSet(), "", b.code, parser.PackageClauseOnly)
			if f.Name.Name == prevName && isTestFile(b.code) {
				// The test of the program before it, in the same package.
				write(prevPkg+fmt.Sprintf("/readme%d_test.go", i), sources[i])
				continue
			}
			prevPkg, prevName = pkg, f.Name.Name
			if base, ok := strings.CutSuffix(f.Name.Name, "_test"); ok {
				// An external test package needs its package beside it.
				write(pkg+"/doc.go", "package "+base+"\n")
				write(pkg+"/readme_test.go", sources[i])
			} else {
				write(pkg+"/readme.go", sources[i])
			}
			continue
		}
		src, err := prepareFragment(mdName, b)
		if err != nil {
			failures[i] = append(failures[i], err.Error())
			continue
		}
		sources[i] = src
		write(pkg+"/readme.go", src)
	}
	if len(sources) == 0 {
		return blocks, failures, sources
	}

	// go build reports every compile error of a package (up to ten); go vet
	// also type-checks test files and runs the vet checks.
	pos := regexp.MustCompile(regexp.QuoteMeta(mdName) + `:(\d+)(?::(\d+))?: (.*)`)
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
		cmd := exec.CommandContext(ctx, goBin, args...)
		cmd.Dir = dir
		// The environment's GOPROXY and GOTOOLCHAIN hold, so the blocks build
		// with the toolchain and module cache the tests run with; scripts/test
		// downloads every module first, so nothing is fetched here.
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		cancel()
		if err == nil {
			continue
		}
		placed := false
		for _, line := range strings.Split(string(out), "\n") {
			m := pos.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			n, _ := strconv.Atoi(m[1])
			for i, b := range blocks {
				if n >= b.fence && n <= b.last+1 {
					msg := mdName + ":" + m[1]
					if m[2] != "" {
						msg += ":" + m[2]
					}
					msg += ": " + m[3]
					if !slices.Contains(failures[i], msg) {
						failures[i] = append(failures[i], msg)
					}
					placed = true
					break
				}
			}
		}
		if !placed {
			t.Fatalf("go %s on %s's examples failed:\n%s", strings.Join(args, " "), mdName, out)
		}
	}
	return blocks, failures, sources
}

// The gate bites: on a Markdown file with broken blocks, each failure names
// the block's line and the compiler's message, and fragments that only
// leave their results unused, or leave out imports, pass.
func TestREADMEGateCatchesBrokenBlocks(t *testing.T) {
	t.Parallel() // the time is spent in child go commands
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	md := strings.Join([]string{
		"# Examples", // 1
		"",           // 2
		"```go",      // 3: fine: results left unused, imports implied
		`c, err := client.Express.Get(ctx, "cus_1234567890abcdef1234567890abcdef", option.WithMaxRetries(1))`,
		"```",   // 5
		"",      // 6
		"```go", // 7: an option that does not exist
		`_, err := client.Express.List(ctx, avara.ExpressListParams{}, option.WithTimeout(time.Second))`,
		"```",   // 9
		"",      // 10
		"```go", // 11: a whole file calling a method that does not exist
		"package main",
		"",
		`import avara "github.com/avara/avara-go"`,
		"",
		"func main() { avara.NewClient().Express.Create() }", // 16
		"```",                     // 17
		"",                        // 18
		"<!-- not-go-checked -->", // 19
		"",                        // 20
		"```go",                   // 21: opted out
		"this is not Go",
		"```",     // 23
		"",        // 24
		"  ```go", // 25: indented, a syntax error
		"  if {",
		"  ```", // 27
		"",      // 28
		"```go", // 29: a variable declared in a nested block and not used
		"for range 3 {",
		"	n := 1",
		"}",
		"```",   // 33
		"",      // 34
		"```go", // 35: declarations, built at file level
		`func helper(c *avara.Client) error { _, err := c.Express.Get(context.Background(), "x"); return err }`,
		"```", // 37
		"",
	}, "\n")
	path := filepath.Join(t.TempDir(), "GATE.md")
	if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	blocks, failures, _ := buildMarkdownGoBlocks(t, root, path)
	if len(blocks) != 7 {
		t.Fatalf("found %d blocks, want 7: %+v", len(blocks), blocks)
	}
	want := map[int]string{ // block index → a message that must be among its failures
		1: "GATE.md:8:70: undefined: option.WithTimeout",
		2: "GATE.md:16:41: avara.NewClient().Express.Create undefined",
		4: "GATE.md:26:6: ",
		5: "GATE.md:31:2: declared and not used: n",
	}
	for i, b := range blocks {
		msgs := failures[i]
		t.Logf("block at line %d: %v", b.fence, msgs)
		w, bad := want[i]
		switch {
		case !bad && len(msgs) > 0:
			t.Errorf("block at line %d: unexpected failure: %v", b.fence, msgs)
		case bad && !slices.ContainsFunc(msgs, func(m string) bool { return strings.HasPrefix(m, w) }):
			t.Errorf("block at line %d: want a message starting %q, got %v", b.fence, w, msgs)
		}
	}
	if !blocks[3].optOut {
		t.Error("the block after <!-- not-go-checked --> is not opted out")
	}
}

// The README's first screen is for a Go developer's first contact, as
// pkg.go.dev shows it: what the SDK is, the two commands a newcomer types,
// go get and a short program, all within 100 columns. Contributor material
// lives in CONTRIBUTING.md, which the README links to.
func TestREADMEFirstScreen(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	const screen, width = 40, 100
	lines := strings.Split(string(data), "\n")
	first := lines[:min(screen, len(lines))]
	for i, l := range first {
		if n := len([]rune(l)); n > width {
			t.Errorf("README.md:%d: %d columns, over %d on the first screen: %s", i+1, n, width, l)
		}
	}
	top := strings.Join(first, "\n")
	for _, want := range []string{
		"The official Go client for the [Avara API](https://docs.avarasoftware.com)",
		"\n```sh\ngo run ./examples/quickstart ", // the main job, first
		"\nscripts/test ",                        // every test, second
		"\ngo get github.com/avara/avara-go\n",
		"\n```go\npackage main\n",
	} {
		if !strings.Contains(top, want) {
			t.Errorf("README.md's first %d lines lack %q", screen, want)
		}
	}
	if i, j := strings.Index(top, "go run ./examples/quickstart"), strings.Index(top, "go get "); i > j {
		t.Error("README.md: the two commands must come before go get")
	}
	for _, want := range []string{"(CONTRIBUTING.md)", "(api.md)"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("README.md does not link %s", want)
		}
	}
	if strings.Contains(string(data), "](https://api.avarasoftware.com") {
		t.Error("README.md links the API host; link the docs, https://docs.avarasoftware.com")
	}
}
