//! A realistic sample policy (about seven A4 pages) for tests, benchmarks
//! and visual checks of the PDF engine.

use super::{Cover, Ethos, PageSetup, PrintDocument, Rgb};

const SENTENCES: &[&str] = &[
    "Staff must not accept friend or follow requests from current pupils, or from former pupils under the age of 18, on personal accounts.",
    "Any concern about a pupil’s online activity is reported to the designated safeguarding lead (DSL) on the same working day.",
    "The school’s official accounts are managed by named members of staff, who follow the approval process set out in this policy.",
    "Photographs of pupils are only published where written consent from a parent or carer is held on the school’s information system.",
    "Parents and carers are asked not to post images of other people’s children taken at school events without their permission.",
    "Breaches of this policy by staff may lead to disciplinary action in line with the trust’s conduct procedures.",
    "Pupils are taught, through the computing and PSHE curricula, how to keep themselves safe online and whom to tell when something worries them.",
    "Devices provided by the school remain the property of the trust and may be monitored for safeguarding purposes.",
    "The headteacher reviews the log of reported incidents each term and reports trends to the local governing board.",
    "Where content is posted that brings the school into disrepute, the school will ask for its removal and, if necessary, report it to the platform.",
    "Staff should consider the privacy settings of their accounts and remember that “private” content can be shared by others.",
    "Nothing in this policy prevents a member of staff from raising a concern under the trust’s whistleblowing policy.",
    "Advertising, sponsorship or fundraising through school accounts – for example a £5 donation appeal – needs the headteacher’s prior approval.",
    "Comments on official posts are moderated during school hours; offensive comments are hidden and, where appropriate, reported.",
];

fn paragraph(seed: usize, n: usize) -> String {
    (0..n)
        .map(|i| SENTENCES[(seed * 7 + i * 3) % SENTENCES.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Markdown of a sample Social Media Policy.
pub fn policy_markdown() -> String {
    let mut md = String::new();
    let sections = [
        "Introduction",
        "Aims",
        "Scope",
        "Roles and responsibilities",
        "Definitions",
        "Staff use of social media",
        "Official school accounts",
        "Pupils and social media",
        "Parents and carers",
        "Reporting concerns",
        "Cyberbullying",
        "Monitoring and review",
        "Related policies and legislation",
    ];
    for (i, title) in sections.iter().enumerate() {
        md.push_str(&format!("## {title}\n\n"));
        md.push_str(&paragraph(i, 4));
        md.push_str("\n\n");
        match i {
            1 => {
                md.push_str("This policy aims to:\n\n");
                for k in 0..5 {
                    md.push_str(&format!("- {}\n", SENTENCES[(i + k * 5) % SENTENCES.len()]));
                }
                md.push('\n');
            }
            3 => {
                md.push_str("| Role | Responsibility |\n|---|---|\n");
                for (role, k) in [
                    ("Local governing board", 8),
                    ("Headteacher", 2),
                    ("Designated safeguarding lead", 1),
                    ("All staff", 0),
                    ("Pupils", 6),
                ] {
                    md.push_str(&format!("| {role} | {} |\n", SENTENCES[k]));
                }
                md.push('\n');
            }
            4 => {
                md.push_str("In this policy:\n\n");
                md.push_str("1. **Social media** means any website or app that lets people create and share content, including *Facebook*, *Instagram*, *X*, *TikTok* and *WhatsApp*.\n");
                md.push_str("2. **Personal account** means an account that is not run on behalf of the school.\n");
                md.push_str("3. **Official account** means an account approved by the headteacher, which:\n");
                md.push_str("   - is registered to a school email address;\n");
                md.push_str("   - has at least two named administrators;\n");
                md.push_str("   - is listed on the school website.\n\n");
            }
            5 => {
                md.push_str("### Professional conduct\n\n");
                md.push_str(&paragraph(i + 3, 5));
                md.push_str("\n\n### Contact with pupils\n\n");
                md.push_str(&paragraph(i + 5, 4));
                md.push_str("\n\n> Staff should not use personal social media accounts to communicate with pupils or their families about school matters. ");
                md.push_str(&paragraph(i + 1, 2));
                md.push_str("\n\n");
            }
            9 => {
                md.push_str(&format!(
                    "Concerns can also be reported to the [UK Safer Internet Centre](https://saferinternet.org.uk/) or, for illegal content, to the Internet Watch Foundation at <https://report.iwf.org.uk/org/reporting/make-a-report/online-child-sexual-abuse-imagery/step-1-select-report-type>.\n\n{}\n\n",
                    paragraph(i + 2, 3)
                ));
            }
            12 => {
                md.push_str("This policy should be read alongside:\n\n");
                for p in [
                    "Child protection and safeguarding policy",
                    "Staff code of conduct",
                    "Acceptable use policy ✓",
                    "Data protection policy",
                    "Anti-bullying policy",
                ] {
                    md.push_str(&format!("- {p}\n"));
                }
                md.push_str("\nIt takes account of [Keeping children safe in education](https://www.gov.uk/government/publications/keeping-children-safe-in-education--2) and the Education Act 2011.\n\n");
            }
            _ => {
                md.push_str(&paragraph(i + 4, 3));
                md.push_str("\n\n");
            }
        }
    }
    md
}

/// A complete sample [`PrintDocument`] (A4, not a draft).
pub fn policy() -> PrintDocument {
    let school = "Wybunbury Delves C of E Primary School";
    let trust = "The Cheshire Church of England Academies Trust";
    PrintDocument {
        title: "Social Media Policy".into(),
        author: trust.into(),
        subject: format!("Social Media Policy of {school}"),
        keywords: vec!["social media".into(), "safeguarding".into(), "policy".into()],
        language: "en-GB".into(),
        created: Some(jiff::civil::date(2025, 9, 1)),
        running_header: trust.into(),
        footer_left: format!("{school} · Social Media Policy · Version 2"),
        cover: Cover {
            organisation: trust.into(),
            brand: Rgb(0x00, 0x5e, 0xa8),
            title: "Social Media Policy".into(),
            control: vec![
                ("School".into(), school.into()),
                ("Version".into(), "2".into()),
                ("Date agreed by the LGB".into(), "1 September 2025".into()),
                ("Review date".into(), "September 2026".into()),
                ("Chair of the LGB".into(), "Mrs A. Example".into()),
            ],
            signature_line: Some("Signed, Chair of the LGB".into()),
            ethos: Some(Ethos {
                heading: "Our ethos".into(),
                text: "Rooted in Christian values, we nurture every child to flourish: to learn with curiosity, to live with kindness and to love their neighbour.".into(),
                reference: Some("John 10:10".into()),
            }),
            logo: None,
            school_logo: None,
            versions: Vec::new(),
        },
        body_markdown: policy_markdown(),
        body_tree: None,
        draft: false,
        page: PageSetup::default(),
    }
}
