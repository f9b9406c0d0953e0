"""Documents made at test time, benign and hostile, as bytes; any test may import these."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def make_pdf(text: str) -> bytes:
    """A one-page PDF with a real text layer holding ``text`` (fpdf2, core Helvetica font)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def make_scanned_pdf() -> bytes:
    """A PDF with drawings and an image but no text layer, like a scanned page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(30, 30, 30)
    pdf.rect(20, 20, 120, 40, style="F")
    pdf.image(io.BytesIO(_png(8, 8)), x=20, y=80, w=60)
    return bytes(pdf.output())


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + bytes([(x * 31) % 256 for x in range(width)]) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def make_encrypted_pdf(text: str, password: str = "secret") -> bytes:
    """A PDF holding ``text``, encrypted (AES-256) with a user password."""
    import pikepdf

    with pikepdf.open(io.BytesIO(make_pdf(text))) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(user=password, owner=password + "-owner"))
    return out.getvalue()


def make_truncated_pdf(text: str) -> bytes:
    """A real PDF cut off part-way through, as an interrupted upload leaves it."""
    data = make_pdf(text)
    return data[: len(data) // 2]


def make_byte_flipped_pdf(text: str, every: int = 7) -> bytes:
    """A real PDF with every ``every``-th byte after the header inverted."""
    data = bytearray(make_pdf(text))
    for i in range(16, len(data), every):
        data[i] ^= 0xFF
    return bytes(data)


def _pdf_from_objects(objects: list[bytes], root: int = 1) -> bytes:
    """Assemble numbered PDF objects (1..n) into a file with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def _deflate_repeated(chunk: bytes, times: int) -> tuple[bytes, int, int]:
    """Raw deflate data for ``chunk`` repeated ``times`` times, with its CRC-32 and Adler-32.

    Each repetition is a byte-aligned run of blocks that refers to no earlier data (a full
    flush), so one compressed copy can be repeated: a gigabyte bomb is built in milliseconds.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    crc, adler = 0, 1
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
        adler = zlib.adler32(chunk, adler)
    return piece * times + end, crc, adler


def make_flate_bomb_pdf(inflated_mb: int = 1536) -> bytes:
    """A PDF whose page content stream is about 1 MB of Flate data inflating to ``inflated_mb`` MB."""
    raw, _, adler = _deflate_repeated(b"\x00" * (1 << 20), inflated_mb)
    stream = b"\x78\xda" + raw + struct.pack(">I", adler)
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return _pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
            font,
        ]
    )


def make_self_referencing_pdf() -> bytes:
    """A PDF whose page tree lists itself among its kids and whose stream /Length is itself."""
    return _pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf (loop) Tj ET\nendstream",
        ]
    )


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A DOCX with ``paragraphs`` and, after them, a table of the given rows (python-docx)."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_docx_zip_bomb(inflated_mb: int = 2048) -> bytes:
    """A zip shaped like a DOCX whose word/document.xml inflates to ``inflated_mb`` MB (< 4096)."""
    raw, crc, _ = _deflate_repeated(b" " * (1 << 20), inflated_mb)
    size = inflated_mb << 20
    name = b"word/document.xml"
    types = b'<?xml version="1.0"?><Types/>'
    entries = [
        (b"[Content_Types].xml", types, 0, zlib.crc32(types), len(types)),
        (name, raw, 8, crc, size),
    ]
    out = bytearray()
    central = bytearray()
    for filename, body, method, checksum, full_size in entries:
        offset = len(out)
        fields = struct.pack("<HHHHIII", 0, method, 0, 0, checksum, len(body), full_size)
        out += b"PK\x03\x04" + struct.pack("<H", 20) + fields
        out += struct.pack("<HH", len(filename), 0) + filename + body
        central += b"PK\x01\x02" + struct.pack("<HH", 20, 20) + fields
        central += struct.pack("<HHHHHII", len(filename), 0, 0, 0, 0, 0, offset) + filename
    start = len(out)
    out += central
    out += b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 2, 2, len(central), start, 0)
    return bytes(out)


def make_plain_zip() -> bytes:
    """A zip archive that is not a Word document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "just notes")
    return out.getvalue()


def make_binary_blob(size: int = 4096) -> bytes:
    """Bytes that are no document at all (deterministic, full of control bytes)."""
    return bytes((i * 7919 + 13) % 256 for i in range(size))


# A resume in the shape of "Jake's resume" (sb2nov's template as Jake Gutierrez adapted it): a
# preamble of packages, fonts and \newcommand shorthands, a \vcenter bullet, then the body in
# those shorthands. Commented-out lines hold skills that must never be read.
JAKES_RESUME_TEX = r"""%-------------------------
% Resume in Latex
% Based off of: https://github.com/sb2nov/resume
%------------------------

\documentclass[letterpaper,11pt]{article}

\usepackage{latexsym}
\usepackage[empty]{fullpage}
\usepackage{titlesec}
\usepackage[usenames,dvipsnames]{color}
\usepackage[hidelinks]{hyperref}
\usepackage{fontspec}
\setmainfont[Ligatures=TeX]{Source Sans Pro}
\input{glyphtounicode}

\pagestyle{fancy}
\fancyhf{} % clear all header and footer fields
\addtolength{\oddsidemargin}{-0.5in}
\addtolength{\textwidth}{1in}

\titleformat{\section}{
  \vspace{-4pt}\scshape\raggedright\large
}{}{0em}{}[\color{black}\titlerule \vspace{-5pt}]

\pdfgentounicode=1

%-------------------------
% Custom commands
\newcommand{\resumeItem}[1]{
  \item\small{
    {#1 \vspace{-2pt}}
  }
}

\newcommand{\resumeSubheading}[4]{
  \vspace{-2pt}\item
    \begin{tabular*}{0.97\textwidth}[t]{l@{\extracolsep{\fill}}r}
      \textbf{#1} & #2 \\
      \textit{\small#3} & \textit{\small #4} \\
    \end{tabular*}\vspace{-7pt}
}

\newcommand{\resumeProjectHeading}[2]{
    \item
    \begin{tabular*}{0.97\textwidth}{l@{\extracolsep{\fill}}r}
      \small#1 & #2 \\
    \end{tabular*}\vspace{-7pt}
}

\renewcommand\labelitemii{$\vcenter{\hbox{\tiny$\bullet$}}$}
\newcommand{\resumeSubHeadingListStart}{\begin{itemize}[leftmargin=0.15in, label={}]}
\newcommand{\resumeSubHeadingListEnd}{\end{itemize}}
\newcommand{\resumeItemListStart}{\begin{itemize}}
\newcommand{\resumeItemListEnd}{\end{itemize}\vspace{-5pt}}

\begin{document}

\begin{center}
    \textbf{\Huge \scshape Jake Ryan} \\ \vspace{1pt}
    \small 123-456-7890 $|$ \href{mailto:jake@su.edu}{\underline{jake@su.edu}} $|$
    \href{https://github.com/jake}{\underline{github.com/jake}}
\end{center}

%-----------EDUCATION-----------
\section{Education}
  \resumeSubHeadingListStart
    \resumeSubheading
      {Southwestern University}{Georgetown, TX}
      {Bachelor of Arts in Computer Science, Minor in Business}{Aug. 2018 -- May 2021}
  \resumeSubHeadingListEnd

%-----------EXPERIENCE-----------
\section{Experience}
  \resumeSubHeadingListStart
    \resumeSubheading
      {Undergraduate Research Assistant}{June 2020 -- Present}
      {Texas A\&M University}{College Station, TX}
      \resumeItemListStart
        \resumeItem{Developed a REST API using FastAPI and PostgreSQL to store data from learning management systems}
        \resumeItem{Built a full-stack web application with Flask, React and Celery to analyze GitHub data}
        % \resumeItem{Ran the pipeline on Apache Beam and Cassandra}
      \resumeItemListEnd
  \resumeSubHeadingListEnd

%-----------PROJECTS-----------
\section{Projects}
    \resumeSubHeadingListStart
      \resumeProjectHeading
          {\textbf{Gitlytics} $|$ \emph{Python, Flask, React, PostgreSQL, Docker}}{June 2020 -- Present}
          \resumeItemListStart
            \resumeItem{Implemented GitHub OAuth to get data from user's repositories}
            \resumeItem{Used Celery and Redis for asynchronous tasks}
          \resumeItemListEnd
    \resumeSubHeadingListEnd

%-----------TECHNICAL SKILLS-----------
\section{Technical Skills}
 \begin{itemize}[leftmargin=0.15in, label={}]
    \small{\item{
     \textbf{Languages}{: Java, Python, C/C++, SQL (Postgres), JavaScript, HTML/CSS} \\
     \textbf{Frameworks}{: React, Node.js, Flask, JUnit, FastAPI} \\
     \textbf{Developer Tools}{: Git, Docker, Google Cloud Platform, VS Code} % , Kubernetes, Terraform
    }}
 \end{itemize}

\end{document}
"""


def make_jakes_resume_tex() -> bytes:
    """A Jake's-resume-style LaTeX source (see JAKES_RESUME_TEX)."""
    return JAKES_RESUME_TEX.encode()


def make_json_resume() -> bytes:
    """A small JSON Resume (jsonresume.org's schema) with every kind of section."""
    import json

    resume = {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": {
            "name": "Ann Byron",
            "label": "Backend Engineer",
            "email": "ann@example.org",
            "url": "https://github.example.org/kubernetes-fan",
            "summary": "Builds payment services in Go.",
            "location": {"city": "London", "countryCode": "GB"},
            "profiles": [{"network": "GitHub", "username": "ada", "url": "https://github.com/ada"}],
        },
        "work": [
            {
                "name": "Ledgerly",
                "position": "Senior Engineer",
                "startDate": "2021-01-01",
                "summary": "Owned the settlement service.",
                "highlights": ["Moved batch jobs onto Kafka", "Cut p99 latency with Redis"],
            }
        ],
        "education": [
            {"institution": "UCL", "area": "Computer Science", "studyType": "BSc", "courses": []}
        ],
        "skills": [
            {"name": "Databases", "level": "Expert", "keywords": ["PostgreSQL", "DynamoDB"]}
        ],
        "projects": [{"name": "ledger-cli", "description": "A CLI in Rust", "keywords": ["Rust"]}],
        "languages": [{"language": "English", "fluency": "Native speaker"}],
        "meta": {"version": "v1.0.0"},
    }
    return json.dumps(resume, indent=2).encode()


RENDERCV_YAML = """# yaml-language-server: $schema=https://example.org/schema.json
cv:
  name: Grace Hopper
  headline: Platform engineer
  location: Arlington, VA
  email: grace@example.org
  social_networks:
    - network: GitHub
      username: grace
  sections:
    summary:
      - Ships **compilers** and *distributed* systems; see [my site](https://example.org).
    experience:
      - company: Univac
        position: Staff Engineer
        start_date: 2019-01
        end_date: present
        highlights:
          - Ran **Terraform** on AWS
          - Wrote the `COBOL` bridge to gRPC services
    technical_skills:
      - label: Languages
        details: Python, Go
design:
  theme: classic
  # colors: Kafka would be a comment
"""


def make_rendercv_yaml() -> bytes:
    """A small RenderCV CV."""
    return RENDERCV_YAML.encode()


def make_billion_laughs_yaml(levels: int = 10) -> bytes:
    """A RenderCV-shaped YAML whose aliases expand to 10**levels strings ("billion laughs")."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append(f"cv:\n  name: Lol\n  sections:\n    lol: *a{levels - 1}")
    return ("\n".join(lines) + "\n").encode()
