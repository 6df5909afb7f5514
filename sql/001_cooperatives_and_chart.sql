-- Cooperatives (tenants), their charter settings, and the 2022 chart of accounts
-- (农民专业合作社会计制度, 财会〔2021〕37号) seeded for each cooperative.
--
-- Every table is keyed by coop_id first, so the schema can be distributed by
-- cooperative (Citus) without a rewrite. The cooperative's code is its coop_id.

CREATE TABLE cooperatives (
    coop_id            text PRIMARY KEY CHECK (coop_id ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    name               text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- Charter settings in basis points (500 = 5.00%); law arts. 42 and 44.
    reserve_rate_bp    integer NOT NULL DEFAULT 1000 CHECK (reserve_rate_bp BETWEEN 0 AND 10000),
    patronage_share_bp integer NOT NULL DEFAULT 6000 CHECK (patronage_share_bp BETWEEN 6000 AND 10000),
    capital_share_bp   integer NOT NULL DEFAULT 4000 CHECK (capital_share_bp >= 0),
    -- Default premium over the market price for produce bought from members.
    purchase_premium_bp integer NOT NULL DEFAULT 500 CHECK (purchase_premium_bp BETWEEN 0 AND 100000),
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cooperatives_shares_within_whole CHECK (patronage_share_bp + capital_share_bp <= 10000)
);

CREATE TABLE accounts (
    coop_id     text NOT NULL REFERENCES cooperatives,
    code        text NOT NULL CHECK (code ~ '^[0-9]{3,9}$'),
    name        text NOT NULL,
    name_en     text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('asset', 'liability', 'equity', 'cost', 'profit_and_loss')),
    -- Whether postings name a member (the member's detail account under this account).
    member_rule text NOT NULL CHECK (member_rule IN ('required', 'optional', 'none')),
    -- Headings (332) take no postings; their sub-accounts (33201, 33202) do.
    is_postable boolean NOT NULL,
    parent_code text,
    PRIMARY KEY (coop_id, code),
    FOREIGN KEY (coop_id, parent_code) REFERENCES accounts (coop_id, code)
);

-- The standard chart. Member detail accounts are kept under 114, 221, 222, 301
-- (always), 231 (loan equity, per member; bank loans without one) and 215 (the
-- loan-equity payouts owed to each household; bank interest without one). 113 and
-- 211 are for non-members only (law art. 41).
CREATE FUNCTION standard_chart_2022()
RETURNS TABLE (code text, name text, name_en text, kind text, member_rule text, is_postable boolean, parent_code text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES
    ('101', '库存现金', 'Cash on hand', 'asset', 'none', true, NULL),
    ('102', '银行存款', 'Bank deposits', 'asset', 'none', true, NULL),
    ('109', '其他货币资金', 'Other monetary funds', 'asset', 'none', true, NULL),
    ('113', '应收款', 'Receivables (non-members)', 'asset', 'none', true, NULL),
    ('114', '成员往来', 'Member current accounts', 'asset', 'required', true, NULL),
    ('121', '产品物资', 'Products and materials', 'asset', 'none', true, NULL),
    ('124', '委托加工物资', 'Materials in outside processing', 'asset', 'none', true, NULL),
    ('125', '委托代销商品', 'Goods consigned for sale', 'asset', 'none', true, NULL),
    ('127', '受托代购商品', 'Goods purchased as agent', 'asset', 'none', true, NULL),
    ('128', '受托代销商品', 'Goods sold as agent', 'asset', 'none', true, NULL),
    ('131', '对外投资', 'External investments', 'asset', 'none', true, NULL),
    ('141', '消耗性生物资产', 'Consumable biological assets', 'asset', 'none', true, NULL),
    ('142', '生产性生物资产', 'Productive biological assets', 'asset', 'none', true, NULL),
    ('143', '生产性生物资产累计折旧', 'Accumulated depreciation of productive biological assets', 'asset', 'none', true, NULL),
    ('144', '公益性生物资产', 'Public-welfare biological assets', 'asset', 'none', true, NULL),
    ('151', '固定资产', 'Fixed assets', 'asset', 'none', true, NULL),
    ('152', '累计折旧', 'Accumulated depreciation', 'asset', 'none', true, NULL),
    ('153', '在建工程', 'Construction in progress', 'asset', 'none', true, NULL),
    ('154', '固定资产清理', 'Fixed assets in disposal', 'asset', 'none', true, NULL),
    ('161', '无形资产', 'Intangible assets', 'asset', 'none', true, NULL),
    ('162', '累计摊销', 'Accumulated amortisation', 'asset', 'none', true, NULL),
    ('171', '长期待摊费用', 'Long-term deferred expenses', 'asset', 'none', true, NULL),
    ('181', '待处理财产损溢', 'Property losses pending treatment', 'asset', 'none', true, NULL),
    ('201', '短期借款', 'Short-term borrowings', 'liability', 'none', true, NULL),
    ('211', '应付款', 'Payables (non-members)', 'liability', 'none', true, NULL),
    ('212', '应付工资', 'Wages payable', 'liability', 'none', true, NULL),
    ('213', '应付劳务费', 'Labour fees payable', 'liability', 'none', true, NULL),
    ('214', '应交税费', 'Taxes payable', 'liability', 'none', true, NULL),
    ('215', '应付利息', 'Interest payable', 'liability', 'optional', true, NULL),
    ('221', '应付盈余返还', 'Patronage refunds payable', 'liability', 'required', true, NULL),
    ('222', '应付剩余盈余', 'Residual surplus payable', 'liability', 'required', true, NULL),
    ('231', '长期借款', 'Long-term borrowings', 'liability', 'optional', true, NULL),
    ('235', '专项应付款', 'Special payables', 'liability', 'none', true, NULL),
    ('301', '股金', 'Share capital', 'equity', 'required', true, NULL),
    ('311', '专项基金', 'Special funds', 'equity', 'none', true, NULL),
    ('321', '资本公积', 'Capital reserve', 'equity', 'none', true, NULL),
    ('322', '盈余公积', 'Surplus reserve', 'equity', 'none', true, NULL),
    ('331', '本年盈余', 'Current-year surplus', 'equity', 'none', true, NULL),
    ('332', '盈余分配', 'Surplus distribution', 'equity', 'none', false, NULL),
    ('33201', '各项分配', 'Distributions', 'equity', 'none', true, '332'),
    ('33202', '未分配盈余', 'Undistributed surplus', 'equity', 'none', true, '332'),
    ('401', '生产成本', 'Production costs', 'cost', 'none', true, NULL),
    ('501', '经营收入', 'Operating revenue', 'profit_and_loss', 'none', true, NULL),
    ('502', '其他收入', 'Other revenue', 'profit_and_loss', 'none', true, NULL),
    ('511', '投资收益', 'Investment income', 'profit_and_loss', 'none', true, NULL),
    ('521', '经营支出', 'Operating expenses', 'profit_and_loss', 'none', true, NULL),
    ('522', '税金及附加', 'Taxes and surcharges', 'profit_and_loss', 'none', true, NULL),
    ('523', '管理费用', 'Administrative expenses', 'profit_and_loss', 'none', true, NULL),
    ('524', '财务费用', 'Financial expenses', 'profit_and_loss', 'none', true, NULL),
    ('529', '其他支出', 'Other expenses', 'profit_and_loss', 'none', true, NULL),
    ('531', '所得税费用', 'Income tax expense', 'profit_and_loss', 'none', true, NULL)
$$;

CREATE FUNCTION seed_chart_of_new_cooperative() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO accounts (coop_id, code, name, name_en, kind, member_rule, is_postable, parent_code)
    SELECT NEW.coop_id, c.code, c.name, c.name_en, c.kind, c.member_rule, c.is_postable, c.parent_code
    FROM standard_chart_2022() AS c;
    RETURN NULL;
END $$;

CREATE TRIGGER cooperatives_seed_chart AFTER INSERT ON cooperatives
    FOR EACH ROW EXECUTE FUNCTION seed_chart_of_new_cooperative();

-- Only an account's names may change: its code, class and member rule are what
-- past postings were checked against. Accounts are never deleted.
CREATE FUNCTION protect_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'account % of cooperative % cannot be deleted', OLD.code, OLD.coop_id
            USING ERRCODE = 'CL002';
    END IF;
    IF (NEW.coop_id, NEW.code, NEW.kind, NEW.member_rule, NEW.is_postable, NEW.parent_code)
       IS DISTINCT FROM (OLD.coop_id, OLD.code, OLD.kind, OLD.member_rule, OLD.is_postable, OLD.parent_code) THEN
        RAISE EXCEPTION 'account % of cooperative %: only its names can change', OLD.code, OLD.coop_id
            USING ERRCODE = 'CL002';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER accounts_protect BEFORE UPDATE OR DELETE ON accounts
    FOR EACH ROW EXECUTE FUNCTION protect_account();
