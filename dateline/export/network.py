"""The actor network as files other tools read: CSV (one edge a row) and GraphML (Gephi, igraph).

GraphML is written with ElementTree, which escapes every name: actor names come from articles.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from dateline.store.fused import NetworkEdge, Party

GraphFormat = Literal["csv", "graphml"]
_NS = "http://graphml.graphdrawing.org/xmlns"
_EDGE_KEYS = (
    ("count", "int"),
    ("by_type", "string"),
    ("by_quad", "string"),
    ("mean_intensity", "double"),
    ("first_date", "string"),
    ("last_date", "string"),
)
_NODE_KEYS = (("name", "string"), ("country", "string"), ("sector", "string"))
_CSV_HEADER = (
    "actor_id",
    "actor_name",
    "recipient_id",
    "recipient_name",
    "count",
    "by_type",
    "by_quad",
    "mean_intensity",
    "first_date",
    "last_date",
)


def graph_format(path: Path) -> GraphFormat:
    """The format a file name asks for: ``.graphml`` or else CSV."""
    return "graphml" if path.suffix.lower() == ".graphml" else "csv"


def write_network(edges: Sequence[NetworkEdge], path: Path, *, fmt: GraphFormat) -> None:
    if fmt == "graphml":
        ET.ElementTree(_graphml(edges)).write(path, encoding="utf-8", xml_declaration=True)
        return
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(_CSV_HEADER)
        for edge in edges:
            writer.writerow(
                [
                    edge.actor.id,
                    edge.actor.name or "",
                    edge.recipient.id,
                    edge.recipient.name or "",
                    *_edge_values(edge),
                ]
            )


def _edge_values(edge: NetworkEdge) -> list[str]:
    return [
        str(edge.count),
        ";".join(f"{name}:{count}" for name, count in edge.by_type),
        ";".join(f"{quad}:{count}" for quad, count in edge.by_quad),
        str(edge.mean_intensity),
        edge.first_date or "",
        edge.last_date or "",
    ]


def _graphml(edges: Sequence[NetworkEdge]) -> ET.Element:
    root = ET.Element("graphml", xmlns=_NS)
    for name, kind in _NODE_KEYS:
        ET.SubElement(
            root,
            "key",
            id=f"n_{name}",
            attrib={"for": "node", "attr.name": name, "attr.type": kind},
        )
    for name, kind in _EDGE_KEYS:
        ET.SubElement(
            root,
            "key",
            id=f"e_{name}",
            attrib={"for": "edge", "attr.name": name, "attr.type": kind},
        )
    graph = ET.SubElement(root, "graph", id="actors", edgedefault="directed")
    nodes: dict[str, Party] = {}
    for edge in edges:
        nodes.setdefault(edge.actor.id, edge.actor)
        nodes.setdefault(edge.recipient.id, edge.recipient)
    for party in nodes.values():
        node = ET.SubElement(graph, "node", id=party.id)
        for name, _ in _NODE_KEYS:
            ET.SubElement(node, "data", key=f"n_{name}").text = getattr(party, name) or ""
    for index, edge in enumerate(edges):
        element = ET.SubElement(
            graph, "edge", id=f"e{index}", source=edge.actor.id, target=edge.recipient.id
        )
        for (name, _), value in zip(_EDGE_KEYS, _edge_values(edge), strict=True):
            ET.SubElement(element, "data", key=f"e_{name}").text = value
    return root
