import pytest

from docgen.drafting.body import Paragraph, Table, parse_body, parse_inline


def kinds(text):
    return [b.kind if isinstance(b, Paragraph) else "table" for b in parse_body(text)]


def test_headings_items_and_bullets():
    text = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Tiếp tục nâng cao nhận thức về cải cách hành chính.
+ chi tiết
1.1. Các tập thể, cá nhân thuộc các phòng, ban chuyên môn thuộc quận thực hiện các nhiệm vụ cải cách hành chính theo kế hoạch.
a) điểm thứ nhất;
Điều 1. Ban hành kèm theo Quyết định này.
Một đoạn văn thường."""
    assert kinds(text) == ["part", "heading", "bullet", "sub-bullet", "numbered", "point", "article", "plain"]


def test_title_rule_keeps_long_or_finished_sentences_plain():
    assert kinds("1. Nội dung thi đua:") == ["heading"]
    assert kinds("2. Văn phòng theo dõi, đôn đốc việc thực hiện.") == ["numbered"]


def test_part_and_heading_are_bold_article_label_only():
    part, article = parse_body("II. TỔ CHỨC THỰC HIỆN\nĐiều 2. Quyết định này có hiệu lực.")
    assert all(r.bold for r in part.runs)
    assert article.runs[0].text == "Điều 2." and article.runs[0].bold
    assert not article.runs[1].bold


def test_inline_bold_and_italic():
    runs = parse_inline("Giao **Trưởng phòng Nội vụ** chủ trì, *phối hợp* thực hiện")
    assert [(r.text, r.bold, r.italic) for r in runs] == [
        ("Giao ", False, False), ("Trưởng phòng Nội vụ", True, False),
        (" chủ trì, ", False, False), ("phối hợp", False, True), (" thực hiện", False, False)]


def test_table_with_header_row():
    (table,) = parse_body("| STT | Nội dung |\n|---|---|\n| 1 | Tuyên truyền |\n| 2 | Hội nghị |")
    assert isinstance(table, Table)
    assert table.header == ["STT", "Nội dung"]
    assert table.rows == [["1", "Tuyên truyền"], ["2", "Hội nghị"]]


def test_table_without_header_and_text_around_it():
    blocks = parse_body("Số liệu:\n| a | b | c |\n| d | e |\nSau bảng.")
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert blocks[1].header is None and blocks[1].column_count == 3


@pytest.mark.parametrize("line, bold_text", [
    ("Điều 1. Phạm vi điều chỉnh", "Điều 1. Phạm vi điều chỉnh"),
    ("Điều 2. Phê duyệt Kế hoạch cải cách hành chính năm 2023 của Ủy ban nhân dân Quận 1.", "Điều 2."),
])
def test_an_article_title_is_bold_and_an_article_sentence_is_not(line, bold_text):
    (paragraph,) = parse_body(line)
    assert paragraph.kind == "article"
    assert "".join(r.text for r in paragraph.runs if r.bold).strip() == bold_text
