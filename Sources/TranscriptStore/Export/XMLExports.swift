import Foundation
import HandwritingAPI

/// hOCR: XHTML, a page per `ocr_page`, a line per `ocr_line` with its bbox and the
/// recogniser's confidence as `x_wconf` (0-100).
enum HOCRExport {
    static func render(_ document: ExportDocument) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="und" lang="und">
            <head>
            <title>\(XML.escape(document.document.name))</title>
            <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
            <meta name="ocr-system" content="quire"/>
            <meta name="ocr-capabilities" content="ocr_page ocr_line"/>
            </head>
            <body>

            """
        for page in document.pages {
            out += "<div class=\"ocr_page\" id=\"page_\(page.number)\" title=\"image \(XML.escape(attribute(document.document.name))); bbox 0 0 \(page.width) \(page.height); ppageno \(page.number - 1)\">\n"
            for block in page.blocks {
                let box = block.box
                let confidence = Int((block.confidence * 100).rounded())
                out += "  <span class=\"ocr_line\" id=\"line_\(page.number)_\(block.position + 1)\" title=\"bbox \(box.x0) \(box.y0) \(box.x1) \(box.y1); x_wconf \(confidence)\">\(XML.escape(block.text))</span>\n"
            }
            out += "</div>\n"
        }
        return out + "</body>\n</html>\n"
    }

    /// hOCR properties are split on `;`, and the image name is quoted.
    static func attribute(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: ";", with: ",") + "\"" }
}

/// PAGE XML 2019-07-15: one region holding the page's lines, each line with its polygon
/// and text; the recogniser's confidence (0-1) on text nobody corrected. PAGE has no
/// place for which page of a multi-page image this is, so a `MetadataItem` says it.
enum PageXMLExport {
    static func render(_ document: ExportDocument, _ page: ExportPage, now: Date = Date()) -> String {
        let namespace = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <PcGts xmlns="\(namespace)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="\(namespace) \(namespace)/pagecontent.xsd">
              <Metadata>
                <Creator>Quire</Creator>
                <Created>\(XML.timestamp(document.document.addedAt))</Created>
                <LastChange>\(XML.timestamp(now))</LastChange>
                <MetadataItem type="imageProperties" name="pageNumber" value="\(page.number)"/>
              </Metadata>
              <Page imageFilename="\(XML.escape(document.document.name))" imageWidth="\(page.width)" imageHeight="\(page.height)">

            """
        if let region = page.extent {
            out += "    <TextRegion id=\"r1\">\n      <Coords points=\"\(points(region.corners))\"/>\n"
            for block in page.blocks {
                let conf = block.corrected == nil ? " conf=\"\(block.confidence)\"" : ""
                out += "      <TextLine id=\"l\(block.position + 1)\">\n"
                out += "        <Coords points=\"\(points(block.polygon.count >= 3 ? block.polygon : block.box.corners))\"/>\n"
                out += "        <TextEquiv\(conf)><Unicode>\(XML.escape(block.text))</Unicode></TextEquiv>\n"
                out += "      </TextLine>\n"
            }
            out += "    </TextRegion>\n"
        }
        return out + "  </Page>\n</PcGts>\n"
    }

    static func points(_ points: [Point]) -> String {
        points.map { "\(max(0, $0.x)),\(max(0, $0.y))" }.joined(separator: " ")
    }
}

/// ALTO v4: a page, a print space and a block holding the lines; each line one String
/// with the recogniser's word confidence `WC` (0-1) where nobody corrected it.
enum ALTOExport {
    static func render(_ document: ExportDocument, _ page: ExportPage) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <alto xmlns="http://www.loc.gov/standards/alto/ns-v4#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.loc.gov/standards/alto/ns-v4# http://www.loc.gov/alto/v4/alto-4-4.xsd">
              <Description>
                <MeasurementUnit>pixel</MeasurementUnit>
                <sourceImageInformation>
                  <fileName>\(XML.escape(document.document.name))</fileName>
                </sourceImageInformation>
              </Description>
              <Layout>
                <Page ID="p\(page.number)" PHYSICAL_IMG_NR="\(page.number)" WIDTH="\(page.width)" HEIGHT="\(page.height)">
                  <PrintSpace HPOS="0" VPOS="0" WIDTH="\(page.width)" HEIGHT="\(page.height)">

            """
        if let region = page.extent {
            out += "        <TextBlock ID=\"b1\" \(geometry(region))>\n"
            for block in page.blocks {
                let wc = block.corrected == nil ? " WC=\"\(block.confidence)\"" : ""
                out += "          <TextLine ID=\"l\(block.position + 1)\" \(geometry(block.box))>\n"
                out += "            <String ID=\"s\(block.position + 1)\" CONTENT=\"\(XML.escape(block.text))\"\(wc) \(geometry(block.box))/>\n"
                out += "          </TextLine>\n"
            }
            out += "        </TextBlock>\n"
        }
        return out + "      </PrintSpace>\n    </Page>\n  </Layout>\n</alto>\n"
    }

    static func geometry(_ box: Rect) -> String {
        "HPOS=\"\(box.x0)\" VPOS=\"\(box.y0)\" WIDTH=\"\(box.width)\" HEIGHT=\"\(box.height)\""
    }
}
