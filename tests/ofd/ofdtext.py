#!/usr/bin/env python3
"""Prints the text of an OFD in reading order, for check.sh: the TextCode of
every TextObject of the Body layers, page by page in the order Document.xml
lists them, one TextCode a line. Background layers hold page furniture (page
numbers, repeated table headers), which is not text. A table cell that
continues on the next page is drawn as TextObjects named CellPart, and its
whole text is carried once by an invisible TextObject named CellText before
the parts on its first page (the PDF's ActualText; docs/ofd.md): the
CellText is read, the parts are not. Standard library only.
usage: ofdtext.py FILE.ofd"""
import posixpath, sys, zipfile
import xml.etree.ElementTree as ET

NS = '{http://www.ofdspec.org/2016}'


def main(path):
    z = zipfile.ZipFile(path)
    root = ET.fromstring(z.read('OFD.xml'))
    doc_loc = root.find(f'{NS}DocBody/{NS}DocRoot').text.strip()
    doc = ET.fromstring(z.read(doc_loc))
    base = posixpath.dirname(doc_loc)
    out = []
    for page in doc.find(f'{NS}Pages'):
        content = ET.fromstring(z.read(posixpath.join(base, page.get('BaseLoc'))))
        for layer in content.iter(f'{NS}Layer'):
            if layer.get('Type', 'Body') != 'Body':
                continue
            for obj in layer.iter(f'{NS}TextObject'):
                if obj.get('Name') == 'CellPart':
                    continue
                for code in obj.iter(f'{NS}TextCode'):
                    out.append(code.text or '')
    sys.stdout.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main(sys.argv[1])
