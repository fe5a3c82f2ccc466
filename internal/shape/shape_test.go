package shape

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// moduleRoot is the repository root, two folders up from this package.
const moduleRoot = "../.."

// goFile is one parsed non-test Go file of the module.
type goFile struct {
	path  string // slash-separated, relative to the module root
	fset  *token.FileSet
	file  *ast.File
	lines int
}

// sources parses every non-test, non-generated Go file of the module.
func sources(t *testing.T) []goFile {
	t.Helper()
	var files []goFile
	err := filepath.WalkDir(moduleRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// third_party holds other projects' code (its own module, under a
		// replace directive): not ours to reshape.
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "third_party" || strings.HasPrefix(d.Name(), ".") && p != moduleRoot) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		rel, err := filepath.Rel(moduleRoot, p)
		if err != nil {
			return err
		}
		files = append(files, goFile{path: filepath.ToSlash(rel), fset: fset, file: f, lines: fset.File(f.Pos()).LineCount()})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 100 {
		t.Fatalf("found only %d Go files under %s: is the walk wrong?", len(files), moduleRoot)
	}
	return files
}

// imports lists a file's import paths.
func (f goFile) imports() []string {
	var paths []string
	for _, im := range f.file.Imports {
		p, err := strconv.Unquote(im.Path.Value)
		if err == nil {
			paths = append(paths, p)
		}
	}
	return paths
}

// The web side parses, calls a service and renders: it reaches neither the
// database, nor the mail outbox, nor the PDF and spreadsheet libraries.
func TestWebReachesOnlyServices(t *testing.T) {
	forbidden := []string{
		"github.com/ebok/ebok/internal/store",
		"github.com/ebok/ebok/internal/mail",
		"github.com/ebok/ebok/internal/pdf",
		"github.com/xuri/excelize/v2",
	}
	checked := 0
	for _, f := range sources(t) {
		if !strings.HasPrefix(f.path, "internal/web/") {
			continue
		}
		checked++
		for _, p := range f.imports() {
			for _, bad := range forbidden {
				if p == bad || strings.HasPrefix(p, bad+"/") {
					t.Errorf("%s imports %s", f.path, p)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no file of internal/web checked")
	}
}

// Data flows one way: nothing but the commands (cmd/, and the benchmark
// programs under bench/) imports the web side or the application builder,
// and no domain package imports the web side.
func TestImportsFlowDown(t *testing.T) {
	for _, f := range sources(t) {
		for _, p := range f.imports() {
			switch {
			case p == "github.com/ebok/ebok/internal/web" && !strings.HasPrefix(f.path, "cmd/"):
				t.Errorf("%s imports internal/web", f.path)
			case p == "github.com/ebok/ebok/internal/app" && !strings.HasPrefix(f.path, "cmd/") && !strings.HasPrefix(f.path, "bench/") && !strings.HasPrefix(f.path, "internal/web/"):
				t.Errorf("%s imports internal/app", f.path)
			}
		}
	}
}

// Domain packages take a clock from package app; they never read the wall
// clock themselves, so tests can set the day and nothing drifts.
func TestDomainPackagesTakeAClock(t *testing.T) {
	domain := []string{"access", "audit", "auth", "coop", "documents", "ledger", "meters", "letters", "library"}
	for _, f := range sources(t) {
		dir := strings.TrimPrefix(filepath.ToSlash(filepath.Dir(f.path)), "internal/")
		if !slices.Contains(domain, dir) {
			continue
		}
		ast.Inspect(f.file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, isIdent := sel.X.(*ast.Ident); isIdent && id.Name == "time" && sel.Sel.Name == "Now" {
				t.Errorf("%s: time.Now() in a domain package; take the service's clock", f.fset.Position(call.Pos()))
			}
			return true
		})
	}
}

// maxFuncLines is the longest a function may be without saying why.
const maxFuncLines = 60

// maxLongFuncs is how many functions may be longer, each saying why in its
// doc comment with a sentence starting "Long:".
const maxLongFuncs = 5

func TestFunctionsAreShort(t *testing.T) {
	long := 0
	for _, f := range sources(t) {
		for _, d := range f.file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			n := f.fset.Position(fd.End()).Line - f.fset.Position(fd.Pos()).Line + 1
			if n <= maxFuncLines {
				continue
			}
			long++
			if fd.Doc == nil || !strings.Contains(fd.Doc.Text(), "Long:") {
				t.Errorf("%s: %s is %d lines (over %d) and its doc comment does not say why (\"Long: …\")",
					f.fset.Position(fd.Pos()), fd.Name.Name, n, maxFuncLines)
			}
		}
	}
	if long > maxLongFuncs {
		t.Errorf("%d functions are over %d lines; at most %d may be", long, maxFuncLines, maxLongFuncs)
	}
}

// maxFileLines is the longest a non-test file may be; message catalogues,
// which are lists, may be longer.
const maxFileLines = 400

func TestFilesAreShort(t *testing.T) {
	for _, f := range sources(t) {
		if f.lines > maxFileLines && !strings.HasPrefix(f.path, "internal/i18n/") {
			t.Errorf("%s is %d lines (over %d)", f.path, f.lines, maxFileLines)
		}
	}
}

// The walk must see this very package, or it sees nothing reliable.
func TestWalkSeesTheModule(t *testing.T) {
	if _, err := os.Stat(filepath.Join(moduleRoot, "go.mod")); err != nil {
		t.Fatalf("module root: %v", err)
	}
	found := false
	for _, f := range sources(t) {
		found = found || f.path == "internal/shape/doc.go"
	}
	if !found {
		t.Error("the walk did not find internal/shape/doc.go")
	}
}
