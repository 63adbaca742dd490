"""Official documents: DOCX opened with python-docx, PDF opened with pypdf, HTML escaping."""

import io
import logging
import re
from datetime import date

import docx
import pypdf
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.core import documents
from gongkai.core.documents import (
    Document,
    Fields,
    Heading,
    Paragraph,
    Table,
    chinese_date,
    to_docx,
    to_html,
    to_pdf,
)

REPLY = Document(
    title="政府信息公开申请答复书",
    fileno="云管委公开〔2026〕3号",
    recipient="张三：",
    blocks=(
        Paragraph(
            "本机关于2026年11月30日收到您提出的政府信息公开申请，申请获取"
            "“云田镇2025年度农村道路建设项目资金使用情况”。经审查，现答复如下："
        ),
        Heading("一、答复内容"),
        Paragraph("您申请获取的信息属于本机关公开范围，现将有关信息提供给您，详见下表。"),
        Table(
            ("项目名称", "资金（万元）", "完成时间"),
            (
                ("云田至白石村道路硬化", "320.5", "2025年9月"),
                ("青龙河桥梁加固", "86", "2025年11月"),
            ),
        ),
        Heading("（一）申请事项", level=2),
        Fields((("申请编号", "YSQ-2026-0001"), ("申请人：", "张三"))),
        Paragraph("如对本答复不服，可以在收到本答复之日起60日内申请行政复议。"),
    ),
    issuer="云田县人民政府办公室",
    issued_on=date(2026, 12, 7),
    seal_note="（盖章）",
    attachments=("项目资金明细表", "验收报告"),
    notes=("（联系人：李四，电话：0871-1234567）",),
)


@pytest.fixture(scope="module")
def reply_docx():
    return docx.Document(io.BytesIO(to_docx(REPLY)))


@pytest.fixture(scope="module")
def reply_pdf():
    return pypdf.PdfReader(io.BytesIO(to_pdf(REPLY)))


def pdf_text(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_fonts(reader):
    return {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def test_chinese_date():
    assert chinese_date(date(2026, 12, 7)) == "2026年12月7日"
    assert chinese_date(date(2027, 1, 10)) == "2027年1月10日"


# --- DOCX -----------------------------------------------------------------------------------


def test_docx_has_the_title_fileno_and_paragraphs(reply_docx):
    texts = [p.text for p in reply_docx.paragraphs if p.text]  # blank lines are empty
    title = reply_docx.paragraphs[0]
    assert title.text == "政府信息公开申请答复书"
    assert title.style.name == "Title"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].bold and title.style.font.size == Pt(22)
    assert texts[1] == "云管委公开〔2026〕3号"
    assert "张三：" in texts
    assert any(t.startswith("本机关于2026年11月30日收到您") for t in texts)
    assert "一、答复内容" in texts and "（一）申请事项" in texts
    assert "申请编号：YSQ-2026-0001" in texts
    assert "申请人：张三" in texts  # the key's own colon is not doubled
    assert texts[-4:] == [
        "（盖章）",
        "云田县人民政府办公室",
        "2026年12月7日",
        "（联系人：李四，电话：0871-1234567）",
    ]
    assert "附件：1．项目资金明细表" in texts and "2．验收报告" in texts


def test_docx_body_indent_and_signature_alignment(reply_docx):
    body = next(p for p in reply_docx.paragraphs if p.text.startswith("本机关于"))
    assert body.paragraph_format.first_line_indent == Pt(32)  # two 三号 characters
    dated = next(p for p in reply_docx.paragraphs if p.text == "2026年12月7日")
    issuer = next(p for p in reply_docx.paragraphs if p.text == "云田县人民政府办公室")
    assert dated.alignment == issuer.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert dated.paragraph_format.right_indent == Pt(64)  # four characters from the right
    # the issuer (10 characters) is centred over the date (6.5 characters wide)
    assert issuer.paragraph_format.right_indent == Pt(16 * (4 + 6.5 / 2 - 10 / 2))


def test_docx_table(reply_docx):
    (table,) = reply_docx.tables
    assert [c.text for c in table.rows[0].cells] == ["项目名称", "资金（万元）", "完成时间"]
    assert [c.text for c in table.rows[2].cells] == ["青龙河桥梁加固", "86", "2025年11月"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_docx_sets_the_east_asian_font_on_every_run_and_in_the_styles(reply_docx):
    runs = reply_docx.element.body.findall(".//" + qn("w:r"))
    footer = reply_docx.sections[0].footer._element
    runs += footer.findall(".//" + qn("w:r"))
    assert len(runs) > 20
    east_asian = [r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs]
    assert set(east_asian) == {"仿宋", "宋体", "黑体", "楷体"}
    title_run = reply_docx.paragraphs[0].runs[0]
    assert title_run._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    for name, font in (("Normal", "仿宋"), ("Heading 1", "黑体"), ("Heading 2", "楷体")):
        fonts = reply_docx.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == font
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would win in Word
    defaults = reply_docx.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"


def test_docx_is_a4_with_a_page_number_field(reply_docx):
    section = reply_docx.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.left_margin)
    assert [round(size.mm) for size in sizes] == [210, 297, 37, 28]
    footer = section.footer._element
    assert [t.text for t in footer.iter(qn("w:instrText"))] == [" PAGE "]
    assert section.footer.paragraphs[0].text.startswith("— ")


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_text_is_real_chinese_text(reply_pdf):
    assert len(reply_pdf.pages) >= 1
    page = reply_pdf.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = pdf_text(reply_pdf)
    # extractable text proves the glyphs carry Unicode, not tofu or outlines
    for expected in ("政府信息公开申请答复书", "云管委公开〔2026〕3号", "张三", "2026年12月7日"):
        assert expected in text
    assert "— 1 —" in text  # page number footer


def test_pdf_embeds_a_cjk_font(reply_pdf):
    fonts = pdf_fonts(reply_pdf)
    assert fonts
    assert all("CJK" in name for name in fonts), fonts  # no DejaVu fallback anywhere


def test_pdf_fetches_nothing(monkeypatch, caplog, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    monkeypatch.setattr(
        documents,
        "to_html",
        lambda doc: (
            f'<link rel="stylesheet" href="{secret.as_uri()}">'
            '<img src="http://127.0.0.1:9/tracker.png"><p>正文</p>'
        ),
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        to_pdf(REPLY)
    refused = [r.getMessage() for r in caplog.records if "disallowed protocol" in r.getMessage()]
    assert len(refused) == 2, [r.getMessage() for r in caplog.records]


# --- hostile and uncovered text -------------------------------------------------------------

SCRIPT = '<script>alert("x")</script>'


def test_html_escapes_every_user_value():
    doc = Document(
        title=SCRIPT,
        fileno=SCRIPT,
        recipient=SCRIPT,
        blocks=(
            Paragraph(SCRIPT + "\n第二行"),
            Heading(SCRIPT),
            Table((SCRIPT,), ((SCRIPT,),)),
            Fields(((SCRIPT, SCRIPT),)),
        ),
        issuer='"><script>',
        issued_on=date(2026, 12, 7),
        seal_note=SCRIPT,
        attachments=(SCRIPT,),
        notes=(SCRIPT,),
    )
    page = to_html(doc)
    assert "<script" not in page
    # title twice (<title>, <h1>), table header and cell, field key and value, 7 others
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 13
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>第二行" in page
    assert 'content="&quot;&gt;&lt;script&gt;"' in page


def test_characters_no_font_covers_do_not_break_the_render():
    rare = "\U00020000"  # CJK Extension B: neither Noto CJK font has it
    doc = Document(
        title="补正告知书",
        recipient=f"王{rare}：",
        blocks=(Paragraph(f"王{rare}先生\x00\x0b\ud800您好😀\r\n请补正。"),),
        issuer="云田县人民政府办公室",
        issued_on=date(2026, 12, 7),
    )
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(doc)))
    assert len(reader.pages) == 1
    # the missing glyph is drawn as a box, but the text layer still maps it to U+20000
    to_unicode = b"".join(
        font.get_object()["/ToUnicode"].get_object().get_data()
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    )
    assert re.search(rb"<d840dc00>", to_unicode, re.IGNORECASE)

    texts = [p.text for p in docx.Document(io.BytesIO(to_docx(doc))).paragraphs]
    assert f"王{rare}：" in texts
    assert f"王{rare}先生您好😀\n请补正。" in texts  # control characters and surrogates dropped


def test_blocks_are_checked():
    with pytest.raises(ValueError, match="row 2 has 1 cells, the header has 2"):
        Table(("a", "b"), (("1", "2"), ("3",)))
    with pytest.raises(ValueError, match="level must be 1 or 2"):
        Heading("1．", level=3)
    with pytest.raises(TypeError, match="Block 1 is a str"):
        Document(title="t", blocks=("text",), issuer="i", issued_on=date(2026, 1, 5))
