"""`stedi visual diagram`: each graph as a Mermaid flowchart drawn from the graph, and the README's pictures are
exactly its output. Mermaid flowchart syntax (node shapes `([..])`, `[[..]]`, `{{..}}`, `[/../]`, quoted labels,
`#quot;` entity codes, `-->` links): https://mermaid.js.org/syntax/flowchart.html"""

from pathlib import Path

from stedi.cli import main
from stedi.visual.diagram import diagrams_markdown, mermaid
from stedi.visual.render import graph_files, load_graph

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "visual"


def test_a_graph_is_drawn_in_run_order_with_one_arrow_per_input():
    assert mermaid(load_graph(FIXTURES / "privacy_join.json")) == (
        "flowchart LR\n"
        '  node_1(["Customer Landing<br/>CatalogSource"])\n'
        '  node_2(["Accelerometer Landing<br/>S3JsonSource"])\n'
        '  node_3["Privacy Join<br/>SparkSQL"]\n'
        '  node_4{{"Check Rows<br/>EvaluateDataQuality"}}\n'
        '  node_5[/"Accelerometer Trusted<br/>S3GlueParquetTarget"/]\n'
        "  node_1 --> node_3\n"
        "  node_2 --> node_3\n"
        "  node_3 --> node_4\n"
        "  node_3 --> node_5\n"
    )


def test_custom_code_is_a_subroutine_and_quotes_in_names_are_entity_codes():
    graph = {
        "node-1": {"CatalogSource": {"Name": 'The "raw" <data>', "Database": "d", "Table": "t"}},
        "node-2": {"CustomCode": {"Name": "Fix & go", "Inputs": ["node-1"], "ClassName": "Fix", "Code": "return dfc"}},
    }
    assert mermaid(graph).splitlines()[1:3] == [
        '  node_1(["The #quot;raw#quot; #lt;data#gt;<br/>CatalogSource"])',
        '  node_2[["Fix #amp; go<br/>CustomCode"]]',
    ]


def test_readme_pictures_are_the_diagrams_of_the_five_graphs():
    readme = (REPO / "README.md").read_text()
    begin, end = "<!-- stedi visual diagram: begin -->\n", "<!-- stedi visual diagram: end -->"
    assert readme.count(begin) == 1, "the README's Edit in Glue Studio section lost its diagram markers"
    drawn = readme.split(begin, 1)[1].split(end, 1)[0]
    graphs = graph_files(REPO / "glue_scripts")
    assert len(graphs) == 5
    assert drawn == diagrams_markdown(graphs), "regenerate with `stedi visual diagram` into the README"


def test_cli_prints_the_diagrams_of_the_given_graphs(capsys):
    graph = FIXTURES / "custom_chain.json"
    assert main(["visual", "diagram", str(graph)]) == 0
    out = capsys.readouterr().out
    assert out == f"#### `custom_chain`\n\n```mermaid\n{mermaid(load_graph(graph))}```\n"
    assert '  node_12[["Drop Bad Rows<br/>CustomCode"]]' in out


def test_cli_with_no_graphs_says_so(tmp_path, capsys):
    assert main(["visual", "diagram", "--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"no graphs (*.json) in {tmp_path}/: nothing drawn\n"
