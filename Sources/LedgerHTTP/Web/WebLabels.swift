import LedgerCore

/// Every label the workbench shows, one table per language (Chinese first: the default).
enum WebLabels {
    static func table(_ language: Language) -> [String: String] {
        language == .zh ? zh : en
    }

    static let zh: [String: String] = [
        "brand": "合作社账务", "other_language": "English", "sign_in": "登录", "sign_out": "退出",
        "login": "登录名", "password": "密码", "pick_cooperative": "选择合作社", "no_cooperatives": "您在任何合作社都没有角色。",
        "today": "今日", "vouchers": "凭证", "new_voucher": "录入凭证", "members": "成员", "books": "账表", "audit": "审计",
        "awaiting_approval": "待审核凭证", "none": "无", "draft": "草稿", "date": "日期", "memo": "摘要", "amount": "金额",
        "prepared_by": "制单", "approved_by": "审核", "status": "状态", "cash_and_bank": "库存现金与银行存款", "periods": "期间",
        "voucher": "凭证", "voucher_number": "凭证号", "returned_because": "退回原因：", "attachments": "附单据（张）",
        "account": "科目", "member": "成员", "debit": "借方", "credit": "贷方", "total": "合计", "edit": "修改", "delete": "删除",
        "approve": "审核通过", "post": "记账", "send_back": "退回", "send_back_reason": "退回原因",
        "balanced": "借贷平衡", "unbalanced_by": "借贷不平衡，差额", "more_lines": "增加分录行", "save_draft": "保存草稿",
        "year": "年度", "show": "显示", "print": "打印", "csv": "下载 CSV", "search": "查找", "member_number": "成员编号",
        "name": "姓名", "poor_household": "脱贫户", "joined_on": "入社日期", "member_account": "成员账户", "add_member": "添加成员",
        "verify": "校验哈希链", "verify_explained": "重新计算本社全部分录的哈希链，检查账簿是否被改动。",
        "back_to_cooperatives": "返回合作社列表", "mine": "我的草稿", "returned": "被退回", "to_approve": "待我审核",
        "approved": "已审核，待记账", "posted_recently": "最近记账", "status_draft": "草稿", "status_returned": "已退回",
        "status_approved": "已审核", "status_posted": "已记账", "new_voucher_heading": "录入记账凭证", "edit_voucher_heading": "修改凭证",
        "yes": "是", "no": "否", "signed_out_notice": "您已退出。", "closed_through_year": "已结账至年度：", "no_closed_year": "尚无已结账年度。",
        "closed_through_month": "本年已结账至：", "no_closed_month": "本年尚无已结账月份。", "sign_in_failed": "登录名或密码不正确。",
        "locked_out": "登录失败次数过多，请 15 分钟后再试。", "form_expired": "表单已过期，请重新提交。",
        "role_preparer": "制单", "role_approver": "审核", "role_auditor": "审计", "role_admin": "管理员",
        "saved_notice": "已保存。", "approved_notice": "已审核。", "posted_notice": "已记账，凭证号 ", "sent_back_notice": "已退回。",
        "deleted_notice": "草稿已删除。", "member_added_notice": "成员已添加。", "verify_intact": "哈希链完好：", "verify_broken": "哈希链断裂：",
    ]

    static let en: [String: String] = [
        "brand": "Co-op ledger", "other_language": "中文", "sign_in": "Sign in", "sign_out": "Sign out",
        "login": "Login", "password": "Password", "pick_cooperative": "Pick a cooperative", "no_cooperatives": "You hold no role in any cooperative.",
        "today": "Today", "vouchers": "Vouchers", "new_voucher": "New voucher", "members": "Members", "books": "Books", "audit": "Audit",
        "awaiting_approval": "Vouchers awaiting approval", "none": "None", "draft": "Draft", "date": "Date", "memo": "Memo", "amount": "Amount",
        "prepared_by": "Prepared by", "approved_by": "Approved by", "status": "Status", "cash_and_bank": "Cash and bank", "periods": "Periods",
        "voucher": "Voucher", "voucher_number": "Voucher number", "returned_because": "Sent back:", "attachments": "Receipts attached",
        "account": "Account", "member": "Member", "debit": "Debit", "credit": "Credit", "total": "Total", "edit": "Edit", "delete": "Delete",
        "approve": "Approve", "post": "Post", "send_back": "Send back", "send_back_reason": "Reason for sending back",
        "balanced": "Balanced", "unbalanced_by": "Does not balance by", "more_lines": "More lines", "save_draft": "Save draft",
        "year": "Year", "show": "Show", "print": "Print", "csv": "Download CSV", "search": "Search", "member_number": "Member no.",
        "name": "Name", "poor_household": "Formerly poor household", "joined_on": "Joined on", "member_account": "Member account", "add_member": "Add member",
        "verify": "Verify the hash chain", "verify_explained": "Recomputes the hash chain over every entry of this cooperative, to show the books were not altered.",
        "back_to_cooperatives": "Back to the cooperatives", "mine": "My drafts", "returned": "Sent back", "to_approve": "For me to approve",
        "approved": "Approved, to post", "posted_recently": "Posted recently", "status_draft": "draft", "status_returned": "sent back",
        "status_approved": "approved", "status_posted": "posted", "new_voucher_heading": "New voucher", "edit_voucher_heading": "Edit voucher",
        "yes": "yes", "no": "no", "signed_out_notice": "You are signed out.", "closed_through_year": "Books closed through ", "no_closed_year": "No year is closed yet.",
        "closed_through_month": "Months closed this year through ", "no_closed_month": "No month of this year is closed.", "sign_in_failed": "The login or password is wrong.",
        "locked_out": "Too many failed sign-ins; try again in 15 minutes.", "form_expired": "The form has expired; send it again.",
        "role_preparer": "preparer", "role_approver": "approver", "role_auditor": "auditor", "role_admin": "admin",
        "saved_notice": "Saved.", "approved_notice": "Approved.", "posted_notice": "Posted as voucher ", "sent_back_notice": "Sent back.",
        "deleted_notice": "Draft deleted.", "member_added_notice": "Member added.", "verify_intact": "Journal intact: ", "verify_broken": "Chain broken: ",
    ]
}
