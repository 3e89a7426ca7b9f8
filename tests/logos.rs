//! Schools' and trusts' logos: checked with clear messages, drawn in the page header, the PDF
//! cover band and the leaflet, each with its alt text.

mod common;

use common::Sample;
use common::pdf::Pdf;

const SQUARE: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#123456\"/></svg>";

/// A PNG of `w` x `h` pixels, written by hand (a stored, uncompressed zlib stream).
fn png(w: u32, h: u32) -> Vec<u8> {
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc(&body).to_be_bytes());
    }
    let mut raw = Vec::new();
    for _ in 0..h {
        raw.push(0);
        raw.extend(std::iter::repeat_n([200u8, 30, 30], w as usize).flatten());
    }
    // zlib: stored blocks of at most 65535 bytes, then Adler-32.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, b) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        z.extend((b.len() as u16).to_le_bytes());
        z.extend((!(b.len() as u16)).to_le_bytes());
        z.extend(*b);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in &raw {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn with_logo(name: &str, file: &str, bytes: &[u8]) -> Sample {
    let s = Sample::new(name);
    std::fs::write(s.path(&format!("schools/cambois-primary/{file}")), bytes).unwrap();
    s.append(
        "schools/cambois-primary/school.yaml",
        &format!("logo: {file}\n"),
    );
    s
}

#[test]
fn the_sample_logos_are_in_the_page_headers_with_alt_text() {
    let s = Sample::new("logo-pages");
    s.run(&["build", "{dir}"]).ok();
    // A school's own SVG logo: published cleaned, in its folder, and its icon.
    let page = s.read("site/schools/sallowdene-academy/social-media/index.html");
    assert!(
        page.contains("<img class=\"org-logo\" src=\"../assets/logo.svg\" alt=\"Sallowdene Specialist Academy logo\""),
        "{page}"
    );
    let logo = s.read("site/schools/sallowdene-academy/assets/logo.svg");
    assert!(logo.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 140 100\""));
    assert!(
        !logo.contains("<title>"),
        "the published SVG is written from the shapes"
    );
    assert_eq!(
        s.read("site/schools/sallowdene-academy/assets/favicon.svg"),
        logo
    );
    assert!(
        s.read("site/schools/alderbeck-primary/index.html")
            .contains("src=\"assets/logo.svg\" alt=\"Alderbeck Primary Academy logo\"")
    );
    // A PNG logo is published as it is.
    assert_eq!(
        std::fs::read(s.path("site/schools/hollowmere-church-academy/assets/logo.png")).unwrap(),
        std::fs::read(s.path("schools/hollowmere-church-academy/logo.png")).unwrap()
    );
    assert!(
        s.read("site/schools/hollowmere-church-academy/index.html")
            .contains("alt=\"Hollowmere Church Academy logo\"")
    );
    // A school without its own shows its trust's, named as the trust's.
    let page = s.read("site/schools/wybunbury-delves/index.html");
    assert!(
        page.contains("alt=\"Chester Diocesan Academies Trust logo\""),
        "{page}"
    );
    assert!(
        s.path("site/schools/wybunbury-delves/assets/logo.svg")
            .is_file()
    );
    // The trust's pages show the trust's.
    let trust = s.read("site/trusts/cidari/index.html");
    assert!(
        trust.contains("src=\"logo.svg\" alt=\"Cidari Multi Academy Trust logo\""),
        "{trust}"
    );
    assert!(
        s.read("site/trusts/cidari/models/social-media.html")
            .contains("src=\"../logo.svg\"")
    );
    // A school outside any trust without a logo has none.
    assert!(
        !s.read("site/schools/cambois-primary/index.html")
            .contains("org-logo")
    );
}

#[test]
fn logos_are_checked_with_the_line_that_names_them() {
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        (
            "logo-missing",
            "logo.svg",
            Vec::new(),
            "there is no file `nothere.svg` in the school's folder",
        ),
        (
            "logo-gif",
            "logo.gif",
            b"GIF89a\x01\x00\x01\x00".to_vec(),
            "is neither an SVG nor a PNG file",
        ),
        (
            "logo-tiny",
            "logo.png",
            png(8, 8),
            "is 8 pixels wide; a PNG logo must be 32 to 4096 pixels",
        ),
        (
            "logo-wide",
            "logo.png",
            png(400, 40),
            "10.0 times as wide as it is tall",
        ),
        (
            "logo-broken",
            "logo.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec(),
            "is not a readable PNG",
        ),
        (
            "logo-big",
            "logo.svg",
            format!("{}<!--{}-->", SQUARE, "x".repeat(600 * 1024)).into_bytes(),
            "a logo may be at most 512 KB",
        ),
    ];
    for (name, file, bytes, message) in cases {
        let s = Sample::new(name);
        let yaml = "schools/cambois-primary/school.yaml";
        let line = s.read(yaml).lines().count() + 1;
        if name == "logo-missing" {
            s.append(yaml, "logo: nothere.svg\n");
        } else {
            std::fs::write(s.path(&format!("schools/cambois-primary/{file}")), &bytes).unwrap();
            s.append(yaml, &format!("logo: {file}\n"));
        }
        s.run(&["check", "{dir}"])
            .fails()
            .says(message)
            .says(&format!("{yaml}:{line}:7"));
        s.run(&["build", "{dir}"]).fails().says("nothing was built");
    }
    let s = Sample::new("logo-outside");
    s.append(
        "schools/cambois-primary/school.yaml",
        "logo: ../wybunbury-delves/school.yaml\n",
    );
    s.run(&["check", "{dir}"])
        .fails()
        .says("leaves the school's folder");
    let s = Sample::new("logo-empty");
    s.append("schools/cambois-primary/school.yaml", "logo: \"\"\n");
    s.run(&["check", "{dir}"])
        .fails()
        .says("the logo's file name is empty");
    #[cfg(unix)]
    {
        let s = Sample::new("logo-link");
        std::os::unix::fs::symlink(
            s.path("model-policies/cdat/logo.svg"),
            s.path("schools/cambois-primary/logo.svg"),
        )
        .unwrap();
        s.append("schools/cambois-primary/school.yaml", "logo: logo.svg\n");
        s.run(&["check", "{dir}"])
            .fails()
            .says("is a link to a file outside the school's folder");
    }
}

#[test]
fn an_svg_that_cannot_be_drawn_points_at_its_own_line() {
    let s = with_logo(
        "logo-text",
        "logo.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n  <rect width=\"10\" height=\"10\"/>\n  <text x=\"1\" y=\"5\">CP</text>\n</svg>\n",
    );
    s.run(&["check", "{dir}"])
        .fails()
        .says("schools/cambois-primary/logo.svg:3:3")
        .says("<text> is not supported in a logo")
        .says("Object to Path");
    let s = with_logo(
        "logo-script",
        "logo.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><script>alert(1)</script></svg>",
    );
    s.run(&["check", "{dir}"])
        .fails()
        .says("<script> is not supported");
}

#[test]
fn a_logo_file_beside_trust_yaml_is_the_trusts_logo() {
    let s = Sample::new("logo-trust-file");
    // The sample's trusts name no logo in trust.yaml: their folders' logo.svg is found.
    assert!(!s.read("model-policies/cmat/trust.yaml").contains("logo"));
    s.run(&["build", "{dir}"]).ok();
    assert!(
        s.read("site/trusts/cmat/index.html")
            .contains("alt=\"Cockburn Multi-Academy Trust logo\"")
    );
    // A broken one is an error at the file itself.
    std::fs::write(
        s.path("model-policies/cmat/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>",
    )
    .unwrap();
    s.run(&["check", "{dir}"])
        .fails()
        .says("model-policies/cmat/logo.svg:1:1")
        .says("viewBox");
}

#[test]
fn the_pdf_cover_and_the_leaflet_draw_the_logo() {
    let s = with_logo("logo-pdf", "logo.png", &png(64, 64));
    s.run(&["build", "{dir}"]).ok();
    let manifest = s.manifest();
    let docs = manifest["documents"].as_array().unwrap();
    let pdf_of = |kind: &str, school: &str| {
        docs.iter()
            .find(|d| d["kind"] == kind && d["school"] == school && d["current"] == true)
            .and_then(|d| d["pdf"].as_str())
            .map(|p| Pdf::read(&s.path(&format!("site/{p}"))))
            .unwrap()
    };
    // A PNG logo is an image on the first page of the policy and of the leaflet.
    for kind in ["policy", "leaflet"] {
        let pdf = pdf_of(kind, "cambois-primary");
        let images = pdf.images(0);
        assert_eq!(images, vec![(64, 64)], "{kind}");
    }
    // Without the logo the leaflet shows the school's initials instead.
    let leaflet = pdf_of("leaflet", "cambois-primary");
    assert!(!leaflet.text(0).contains("CP\n"), "{}", leaflet.text(0));
    let s = Sample::new("logo-pdf-none");
    s.run(&["build", "{dir}"]).ok();
    let manifest = s.manifest();
    let pdf = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "leaflet" && d["school"] == "cambois-primary")
        .and_then(|d| d["pdf"].as_str())
        .map(|p| Pdf::read(&s.path(&format!("site/{p}"))))
        .unwrap();
    assert!(
        pdf.text(0).lines().any(|l| l.trim() == "CP"),
        "{}",
        pdf.text(0)
    );
    assert!(pdf.images(0).is_empty());
    // SVG logos are vector paths: the trust's and the school's on Sallowdene's cover (the cover
    // has no other curves), none on a page of text.
    let curves = |pdf: &Pdf, n: usize| {
        let page = pdf.doc.page_iter().nth(n).unwrap();
        lopdf::content::Content::decode(&pdf.doc.get_page_content(page))
            .unwrap()
            .operations
            .iter()
            .filter(|op| op.operator == "c")
            .count()
    };
    let cover = |school: &str, v: u32| {
        Pdf::read(&s.path(&format!(
            "site/schools/{school}/social-media/{school}-social-media-v{v}.pdf"
        )))
    };
    let sallowdene = cover("sallowdene-academy", 1);
    let kestrel = cover("kestrel-vale-academy", 2);
    assert_eq!(curves(&kestrel, 0), 0, "CMAT's logo is straight lines only");
    assert!(
        curves(&sallowdene, 0) > 8,
        "Sallowdene's own logo has curves"
    );
    assert_eq!(curves(&sallowdene, 2), 0);
    assert!(sallowdene.images(0).is_empty());
}
