"""The archive of issued documents: text extraction, parsing of metadata, the catalog.

Pipeline, one module a step: extract (file → text, saying which path the text
took) → header (text → số/ký hiệu, type, issuer, place, date, subject,
recipients, Nơi nhận, signer) → record (the fields of ../shared/spec/record.md).
"""
