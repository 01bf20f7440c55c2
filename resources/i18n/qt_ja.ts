<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Texts of Qt's own dialogs that Qt's qtbase_ja catalogue lacks (its file dialog's
     "Look in:" and "Files of type:" carry a mnemonic there and went untranslated). Compiled with
     `pyside6-lrelease resources/i18n/qt_ja.ts -qm resources/i18n/qt_ja.qm`; a test checks the
     .qm is the compiled .ts. -->
<TS version="2.1" language="ja_JP">
<context>
    <name>QFileDialog</name>
    <message><source>&amp;Look in:</source><translation>場所(&amp;L):</translation></message>
    <message><source>Files of &amp;type:</source><translation>ファイルの種類(&amp;T):</translation></message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message><source>Folder</source><translation>フォルダ</translation></message>
</context>
</TS>
