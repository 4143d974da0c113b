//! From SVG text to what leaves the library: PNG images (rasterised with resvg), files written
//! safely, and the notebook's MIME bundles. Shared by [`Plot`](super::Plot),
//! [`Figure`](super::Figure) and [`Chart`](crate::chart::Chart).

use crate::display::MimeBundle;
use crate::error::{Result, SdiaError};
use base64::Engine;
use resvg::{tiny_skia, usvg};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The system fonts, loaded once per process (loading them takes tens of milliseconds).
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            // fontdb maps the generic families to Microsoft fonts by default; DejaVu is what
            // Linux machines have.
            db.set_sans_serif_family("DejaVu Sans");
            db.set_serif_family("DejaVu Serif");
            db.set_monospace_family("DejaVu Sans Mono");
            Arc::new(db)
        })
        .clone()
}

/// Rasterises an SVG document into PNG bytes, at the document's own size in pixels.
pub(crate) fn svg_to_png(svg: &str) -> Result<Vec<u8>> {
    let options = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| SdiaError::Chart(format!("the SVG could not be read for PNG: {e}")))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        SdiaError::Chart(format!(
            "a {}×{} image cannot be allocated",
            size.width(),
            size.height()
        ))
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| SdiaError::Chart(format!("PNG encoding failed: {e}")))
}

/// The image formats a chart can be saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Svg,
    Png,
}

/// The format asked for by a file name's extension (`.svg` or `.png`, any case).
pub(crate) fn format_of(path: &Path) -> Result<Format> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("svg") => Ok(Format::Svg),
        Some("png") => Ok(Format::Png),
        _ => Err(SdiaError::InvalidInput(format!(
            "cannot save a chart as '{}': the file name must end in .svg or .png",
            path.display()
        ))),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so that
/// the file is never seen half-written.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::io::write_atomically(path, |file| {
        std::io::Write::write_all(file, bytes).map_err(|e| crate::io::io_error(path, e))
    })
}

/// Saves a chart drawn by `to_svg` in the format the extension of `path` asks for.
pub(crate) fn save(path: &Path, to_svg: impl FnOnce() -> Result<String>) -> Result<()> {
    let format = format_of(path)?;
    let svg = to_svg()?;
    let bytes = match format {
        Format::Svg => svg.into_bytes(),
        Format::Png => svg_to_png(&svg)?,
    };
    write_atomically(path, &bytes)
}

/// The notebook bundle of a chart: a `text/plain` line, the SVG, and the same chart as a PNG in
/// base64 (JupyterLab hides SVG in untrusted notebooks: graded copies, nbconvert outputs); only
/// the PNG when `png` is set; only the error in `text/plain` when the chart cannot be drawn.
pub(crate) fn bundle(description: String, svg: Result<String>, png: bool) -> MimeBundle {
    let encode = |svg: &str| -> Result<(String, String)> {
        let bytes = svg_to_png(svg)?;
        Ok((
            "image/png".to_string(),
            base64::engine::general_purpose::STANDARD.encode(bytes),
        ))
    };
    let images = svg.and_then(|svg| {
        if png {
            Ok(vec![encode(&svg)?])
        } else {
            // A PNG that cannot be made leaves the SVG, which live sessions show anyway.
            let png = encode(&svg).ok();
            Ok(std::iter::once(("image/svg+xml".to_string(), svg))
                .chain(png)
                .collect())
        }
    });
    match images {
        Ok(images) => std::iter::once(("text/plain".into(), description))
            .chain(images)
            .collect(),
        Err(e) => vec![(
            "text/plain".into(),
            format!("{description}\ncannot be drawn: {e}"),
        )],
    }
}

/// Writes what [`Plot`](super::Plot) and [`Figure`](super::Figure) share, for a type with
/// `to_svg()`, `describe()` and a `png` field: the methods `to_png`, `save` and `show` (each
/// with the doc comment written before its name at the call) and the `RichDisplay` impl.
macro_rules! outputs {
    (
        $ty:ident;
        $(#[$png_doc:meta])* fn to_png;
        $(#[$save_doc:meta])* fn save;
        $(#[$show_doc:meta])* fn show;
    ) => {
        impl $ty {
            $(#[$png_doc])*
            pub fn to_png(&self) -> $crate::error::Result<Vec<u8>> {
                $crate::plot::render::svg_to_png(&self.to_svg()?)
            }

            $(#[$save_doc])*
            pub fn save(&self, path: impl AsRef<std::path::Path>) -> $crate::error::Result<()> {
                $crate::plot::render::save(path.as_ref(), || self.to_svg())
            }

            $(#[$show_doc])*
            pub fn show(&self) {
                $crate::display::display(self);
            }
        }

        impl $crate::display::RichDisplay for $ty {
            fn mime_bundle(&self) -> $crate::display::MimeBundle {
                $crate::plot::render::bundle(self.describe(), self.to_svg(), self.png)
            }
        }
    };
}
pub(crate) use outputs;

/// Width and height of a PNG, read from its header; `None` if the bytes are not a PNG.
#[cfg(test)]
pub(crate) fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.get(..8)? != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let w = u32::from_be_bytes(png.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(png.get(20..24)?.try_into().ok()?);
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg width=\"30\" height=\"20\" xmlns=\"http://www.w3.org/2000/svg\">\
                       <rect x=\"0\" y=\"0\" width=\"30\" height=\"20\" fill=\"#FF0000\"/>\
                       <text x=\"2\" y=\"15\" font-family=\"sans-serif\">A</text></svg>";

    #[test]
    fn png_has_the_signature_and_the_svg_size() {
        let png = svg_to_png(SVG).unwrap();
        assert_eq!(png_size(&png), Some((30, 20)));
    }

    #[test]
    fn only_svg_and_png_extensions_are_accepted() {
        assert_eq!(format_of(Path::new("a/b.SVG")).unwrap(), Format::Svg);
        assert_eq!(format_of(Path::new("b.png")).unwrap(), Format::Png);
        for bad in ["c.jpg", "noext", "d.svg.txt"] {
            let e = format_of(Path::new(bad)).unwrap_err().to_string();
            assert!(e.contains(bad) && e.contains(".svg or .png"), "{e}");
        }
    }

    #[test]
    fn files_are_written_whole_and_no_temporary_is_left() {
        let dir = std::env::temp_dir().join(format!("sdia-render-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("chart.svg");
        save(&path, || Ok(SVG.to_string())).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), SVG);
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "only the chart, no temporary file");
        let missing = dir.join("no/such/folder/chart.svg");
        assert!(matches!(
            save(&missing, || Ok(SVG.to_string())),
            Err(SdiaError::Io { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bundle_has_text_svg_and_png_or_png_alone() {
        let b = bundle("a chart".into(), Ok(SVG.to_string()), false);
        assert_eq!(b[0].0, "text/plain");
        assert_eq!(b[1].0, "image/svg+xml");
        assert_eq!(b[2].0, "image/png");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&b[2].1)
            .unwrap();
        assert_eq!(png_size(&bytes), Some((30, 20)));
        let b = bundle("a chart".into(), Ok(SVG.to_string()), true);
        assert_eq!(b[1].0, "image/png");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&b[1].1)
            .unwrap();
        assert_eq!(png_size(&bytes), Some((30, 20)));
        let b = bundle("a chart".into(), Err(SdiaError::Chart("no".into())), false);
        assert_eq!(b.len(), 1);
        assert!(b[0].1.contains("cannot be drawn"));
    }
}
